package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CachePort;
import java.util.function.LongSupplier;

/**
 * Builds the cache adapters; the only public way in.
 *
 * <ul>
 *   <li>{@link #inProcess}: Caffeine alone (L1), when there is no Redis.</li>
 * </ul>
 */
public final class Caches {

    private Caches() {
    }

    /**
     * A cache that counts what it does.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public interface Instrumented<K, V> extends CachePort<K, V> {

        /**
         * @return the counters now
         */
        CacheStats stats();
    }

    /**
     * @param settings size and time to live
     * @param <K>      key type
     * @param <V>      value type
     * @return an in-process cache on the system clock
     */
    public static <K, V> Instrumented<K, V> inProcess(L1Settings settings) {
        return new CaffeineCache<>(settings, Ticker.systemTicker());
    }

    /**
     * @param settings size and time to live
     * @param nanoTime the time source, in nanoseconds (tests move it by hand)
     * @param <K>      key type
     * @param <V>      value type
     * @return an in-process cache on the given clock
     */
    public static <K, V> Instrumented<K, V> inProcess(L1Settings settings, LongSupplier nanoTime) {
        return new CaffeineCache<>(settings, nanoTime::getAsLong);
    }
}
