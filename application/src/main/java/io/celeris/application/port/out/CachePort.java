package io.celeris.application.port.out;

import java.util.Optional;
import java.util.function.Function;

/**
 * A cache of values by key, in the spirit of Caffeine's {@code Cache}: small, synchronous, and safe to
 * call from many (virtual) threads. Adapters: in-process, remote, tiered; all pass one contract.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface CachePort<K, V> {

    /**
     * @param key the key
     * @return the value held for the key, if any (never loads)
     */
    Optional<V> getIfPresent(K key);

    /**
     * Returns the value held for the key or, if none, computes it with {@code loader} and stores it.
     * Concurrent calls for one missing key on one instance run the loader once; the others wait for
     * its result. A loader returning {@code null} stores nothing.
     *
     * @param key    the key
     * @param loader computes the value; may return {@code null}
     * @return the value, or {@code null} when absent and the loader gave none
     */
    default V get(K key, Function<? super K, ? extends V> loader) {
        return read(key, loader).value();
    }

    /**
     * Like {@link #get}, and says who answered. When the loader throws and the cache still holds an
     * expired copy within its stale-if-error window, that copy is returned marked stale; otherwise the
     * loader's exception propagates.
     *
     * @param key    the key
     * @param loader computes the value; may return {@code null}
     * @return the value and its source
     */
    CacheRead<V> read(K key, Function<? super K, ? extends V> loader);

    /**
     * Stores a value, replacing any held for the key.
     *
     * @param key   the key
     * @param value the value, not null
     */
    void put(K key, V value);

    /**
     * Drops the value held for the key, if any.
     *
     * @param key the key
     */
    void invalidate(K key);

    /** Drops every value. */
    void invalidateAll();

    /**
     * @return false for a cache that stores nothing (caching switched off)
     */
    default boolean stores() {
        return true;
    }

    /**
     * A cache that holds nothing: every {@link #get} runs the loader.
     *
     * @param <K> key type
     * @param <V> value type
     * @return the pass-through cache
     */
    static <K, V> CachePort<K, V> none() {
        return new CachePort<>() {
            @Override
            public Optional<V> getIfPresent(K key) {
                return Optional.empty();
            }

            @Override
            public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
                return CacheRead.loaded(loader.apply(key));
            }

            @Override
            public void put(K key, V value) {
            }

            @Override
            public void invalidate(K key) {
            }

            @Override
            public void invalidateAll() {
            }

            @Override
            public boolean stores() {
                return false;
            }
        };
    }
}
