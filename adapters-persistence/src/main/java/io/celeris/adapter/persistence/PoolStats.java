package io.celeris.adapter.persistence;

/**
 * A snapshot of the connection pool and of the wait in front of it.
 *
 * @param active  connections in use
 * @param idle    connections open and free
 * @param pending threads waiting inside the pool for a connection
 * @param total   connections open
 * @param max     most connections the pool opens
 * @param timeouts       borrows that gave up after the connection timeout, since start
 * @param acquired       borrows served, since start
 * @param acquireSeconds time spent waiting for connections, since start
 * @param usageSeconds   time connections were held by callers, since start
 */
public record PoolStats(int active, int idle, int pending, int total, int max, long timeouts, long acquired,
                        double acquireSeconds, double usageSeconds) {
}
