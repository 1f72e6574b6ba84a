package io.celeris.adapter.cache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The counters behind {@link CacheStats}; one set per cache, written from many threads. What the Redis commands
 * cost (errors, rejections) is counted once per instance, by the {@link RedisLink} every cache shares.
 */
final class Counters {

    /** One tier's reads. */
    static final class Tier {

        final LongAdder hits = new LongAdder();
        final LongAdder misses = new LongAdder();

        CacheStats.Tier snapshot(long evictions) {
            return new CacheStats.Tier(hits.sum(), misses.sum(), evictions);
        }
    }

    final Tier l1 = new Tier();
    final Tier l2 = new Tier();
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder staleServed = new LongAdder();
    final LongAdder invalidationsSent = new LongAdder();
    final LongAdder invalidationsReceived = new LongAdder();
    final LongAdder l1Clears = new LongAdder();

    /**
     * Runs a loader, timing and counting it.
     *
     * @param clock nanoseconds, e.g. {@code System::nanoTime}
     */
    <K, V> V load(K key, Function<? super K, ? extends V> loader, LongSupplier clock) {
        long start = clock.getAsLong();
        try {
            V value = loader.apply(key);
            loads.increment();
            return value;
        } catch (RuntimeException | Error e) {
            loadFailures.increment();
            throw e;
        } finally {
            loadNanos.add(clock.getAsLong() - start);
        }
    }

    /** @return the counters of a cache in process alone: no Redis, no circuit */
    CacheStats inProcess(long evictions) {
        return snapshot(l1.snapshot(evictions), CacheStats.Tier.NONE, 0, 0, 0, "none", false);
    }

    /**
     * @param link     the Redis link under the cache (its errors, rejections and dropped stores are the whole
     *                 instance's)
     * @param degraded whether the cache runs without Redis now
     */
    CacheStats overRedis(CacheStats.Tier l1, RedisLink link, boolean degraded) {
        // Evictions in Redis are Redis's business.
        return snapshot(l1, l2.snapshot(0), link.errors.sum(), link.rejected.sum(), link.dropped.sum(), link.circuitState(),
                degraded);
    }

    private CacheStats snapshot(CacheStats.Tier l1, CacheStats.Tier l2, long redisErrors, long redisRejected,
                                long storesDropped, String circuitState, boolean degraded) {
        return new CacheStats(l1, l2, loads.sum(), loadFailures.sum(), Duration.ofNanos(loadNanos.sum()),
                staleServed.sum(), invalidationsSent.sum(), invalidationsReceived.sum(), l1Clears.sum(),
                redisErrors, redisRejected, storesDropped, circuitState, degraded);
    }
}
