package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CacheRead;
import java.util.Optional;
import java.util.function.Function;

/**
 * The L1 tier alone: Caffeine, in process. A cold key loads once however many callers want it; an
 * entry past its (jittered) lifetime reloads, and if that fails within the stale-if-error window the
 * old copy is served, marked stale.
 */
final class CaffeineCache<K, V> implements Caches.Instrumented<K, V> {

    static final String TIER = "l1";

    private final L1Store<K, V> store;
    private final SingleFlight<K, CacheRead<V>> flights = new SingleFlight<>();
    private final Counters counters = new Counters();

    CaffeineCache(L1Settings settings, Ticker ticker, CacheMeters meters, String name) {
        this.store = new L1Store<>(settings, ticker, meters, name);
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        L1Store.Entry<V> entry = store.entry(key);
        return entry != null && store.isFresh(entry, Long.MAX_VALUE) ? Optional.of(entry.value()) : Optional.empty();
    }

    @Override
    public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
        L1Store.Entry<V> entry = store.entry(key);
        if (entry != null && store.isFresh(entry, Long.MAX_VALUE)) {
            counters.l1.hits.increment();
            return CacheRead.hit(entry.value(), TIER);
        }
        counters.l1.misses.increment();
        // Before looking for a running load: one that began before an invalidation since is not joined.
        long stamp = store.stamp(key);
        return flights.run(key, stamp, () -> load(key, loader, stamp));
    }

    private CacheRead<V> load(K key, Function<? super K, ? extends V> loader, long stamp) {
        V value;
        try {
            value = counters.load(key, loader, System::nanoTime);
        } catch (RuntimeException e) {
            L1Store.Entry<V> held = store.entry(key);
            if (held == null) {
                throw e;
            }
            counters.staleServed.increment();
            return new CacheRead<>(held.value(), TIER, !store.isFresh(held, Long.MAX_VALUE));
        }
        if (value != null) {
            store.putIfUnchanged(key, value, stamp);
        }
        return CacheRead.loaded(value);
    }

    @Override
    public void put(K key, V value) {
        store.put(key, value);
    }

    @Override
    public void invalidate(K key) {
        store.invalidate(key);
    }

    @Override
    public void invalidateAll() {
        store.clear();
    }

    @Override
    public CacheStats stats() {
        return counters.inProcess(store.evictions());
    }
}
