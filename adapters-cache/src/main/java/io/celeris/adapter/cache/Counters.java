package io.celeris.adapter.cache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/** The counters behind {@link CacheStats}; one set per cache, written from many threads. */
final class Counters {

    final LongAdder l1Hits = new LongAdder();
    final LongAdder l1Misses = new LongAdder();
    final LongAdder l2Hits = new LongAdder();
    final LongAdder l2Misses = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder staleServed = new LongAdder();
    final LongAdder invalidationsSent = new LongAdder();
    final LongAdder invalidationsReceived = new LongAdder();
    final LongAdder l1Clears = new LongAdder();
    final LongAdder redisErrors = new LongAdder();
    final LongAdder redisRejected = new LongAdder();
    final LongAdder sendsDropped = new LongAdder();

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

    /**
     * @param link the counters of the Redis runtime under the cache, which counts its commands' errors (for a cache
     *             without Redis: its own, always zero)
     */
    CacheStats snapshot(CacheStats.Tier l1, CacheStats.Tier l2, Counters link, String circuitState, boolean degraded) {
        return new CacheStats(l1, l2, loads.sum(), loadFailures.sum(), Duration.ofNanos(loadNanos.sum()),
                staleServed.sum(), invalidationsSent.sum(), invalidationsReceived.sum(), l1Clears.sum(),
                link.redisErrors.sum(), link.redisRejected.sum(), link.sendsDropped.sum(), circuitState, degraded);
    }

    CacheStats.Tier l1(long evictions) {
        return new CacheStats.Tier(l1Hits.sum(), l1Misses.sum(), evictions);
    }

    CacheStats.Tier l2() {
        return new CacheStats.Tier(l2Hits.sum(), l2Misses.sum(), 0);
    }
}
