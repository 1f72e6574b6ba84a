package io.celeris.adapter.persistence;

import java.time.Duration;

/**
 * A snapshot of the read replica.
 *
 * @param state     {@code in-rotation} (takes reads), {@code lagging} (further behind than the bound: reads go to
 *                  the primary), {@code down} (unreachable, or not a replica)
 * @param lag       how long the replica has been missing WAL the primary had written (0 when it has all of it)
 * @param replayed  the replica's replay position at the last check ({@code X/X}), or empty before the first
 * @param reads     reads the replica answered, since start
 * @param fallbacks reads that were meant for the replica and went to the primary (it was out of rotation, behind the
 *                  client's token, or failed), since start
 * @param removals  times the replica was taken out of rotation (lag or down), since start
 * @param callsPastDeadline replica calls ended by {@code database.call-timeout} (the replica stopped answering), since
 *                  start
 * @param pool      the replica's connection pool
 */
public record ReplicaStats(String state, Duration lag, String replayed, long reads, long fallbacks, long removals,
                           long callsPastDeadline, PoolStats pool) {

    /**
     * @return true while the replica takes reads
     */
    public boolean inRotation() {
        return "in-rotation".equals(state);
    }
}
