package io.celeris.adapter.cache;

import java.time.Duration;

/**
 * A snapshot of a cache's counters, for metrics and health pages. Counters only grow; a tier a cache
 * does not have reports {@link Tier#NONE}.
 *
 * @param l1                     the in-process tier
 * @param l2                     the Redis tier ({@code evictions} there is Redis's business: always 0)
 * @param loads                  loader calls that returned
 * @param loadFailures           loader calls that threw
 * @param loadTime               time spent in the loader, failed calls included
 * @param staleServed            reads answered with an expired copy because the loader failed
 * @param invalidationsSent      invalidations published to the other instances
 * @param invalidationsReceived  invalidations heard from the other instances
 * @param l1ClearsAfterReconnect whole-L1 clears because invalidations may have been missed
 * @param redisErrors            Redis commands that failed or timed out
 * @param redisRejected          Redis commands not even tried: not connected or circuit open
 * @param storesDropped          loaded values not sent to Redis because too many stores were unanswered already
 * @param circuitState           {@code closed}, {@code open}, {@code half_open}, or {@code none}
 * @param degraded               true while Redis is unreachable and the cache runs on L1 alone
 */
public record CacheStats(Tier l1, Tier l2, long loads, long loadFailures, Duration loadTime, long staleServed,
                         long invalidationsSent, long invalidationsReceived, long l1ClearsAfterReconnect,
                         long redisErrors, long redisRejected, long storesDropped, String circuitState, boolean degraded) {

    /**
     * One tier's counters.
     *
     * @param hits      reads it answered
     * @param misses    reads it could not answer
     * @param evictions entries it dropped for size or age
     */
    public record Tier(long hits, long misses, long evictions) {

        /** The counters of a tier that is not there. */
        public static final Tier NONE = new Tier(0, 0, 0);
    }
}
