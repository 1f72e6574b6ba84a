package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.CacheRead;
import java.util.Optional;
import java.util.function.Function;

/** The L1 tier: Caffeine, in process. {@code get} is atomic per key, so a cold key loads once. */
final class CaffeineCache<K, V> implements CachePort<K, V> {

    private final Cache<K, V> cache;

    CaffeineCache(L1Settings settings, Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(settings.maximumSize())
                .expireAfterWrite(settings.timeToLive())
                .ticker(ticker)
                // Maintenance on the caller's thread: no ForkJoinPool task per write, and
                // deterministic expiry under a fake ticker in tests.
                .executor(Runnable::run)
                .recordStats()
                .build();
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        return Optional.ofNullable(cache.getIfPresent(key));
    }

    @Override
    public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
        var loaded = new boolean[1];
        V value = cache.get(key, k -> {
            loaded[0] = true;
            return loader.apply(k);
        });
        return loaded[0] ? CacheRead.loaded(value) : CacheRead.hit(value, "l1");
    }

    @Override
    public void put(K key, V value) {
        cache.put(key, value);
    }

    @Override
    public void invalidate(K key) {
        cache.invalidate(key);
    }

    @Override
    public void invalidateAll() {
        cache.invalidateAll();
    }
}
