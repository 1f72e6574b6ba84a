package io.celeris.adapter.persistence;

/**
 * A snapshot of the connection pool and of the wait in front of it.
 *
 * @param active  connections in use
 * @param idle    connections open and free
 * @param pending threads waiting inside the pool for a connection
 * @param total   connections open
 * @param max     most connections the pool opens
 */
public record PoolStats(int active, int idle, int pending, int total, int max) {
}
