package io.celeris.application.testing;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.CacheRead;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/** The simplest {@link CachePort}: a map with expiry and a stale-if-error window, for tests of the core. */
public final class MapCache<K, V> implements CachePort<K, V> {

    private record Entry<V>(V value, long expiresAt, long keptUntil) {
    }

    private final Map<K, Entry<V>> map = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final long maxStaleNanos;
    private final AtomicLong nanos;

    public MapCache() {
        this(Duration.ofDays(1), new AtomicLong());
    }

    public MapCache(Duration ttl, AtomicLong nanos) {
        this(ttl, Duration.ZERO, nanos);
    }

    public MapCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        this.ttlNanos = ttl.toNanos();
        this.maxStaleNanos = maxStale.toNanos();
        this.nanos = nanos;
    }

    /**
     * @return entries held now, expired ones included
     */
    public int size() {
        return map.size();
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        Entry<V> e = map.get(key);
        if (e == null || e.expiresAt() <= nanos.get()) {
            return Optional.empty();
        }
        return Optional.of(e.value());
    }

    @Override
    public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
        var loaded = new boolean[1];
        var stale = new boolean[1];
        Entry<V> e = map.compute(key, (k, old) -> {
            if (old != null && old.expiresAt() > nanos.get()) {
                return old;
            }
            V v;
            try {
                v = loader.apply(k);
            } catch (RuntimeException failure) {
                if (old != null && old.keptUntil() > nanos.get()) {
                    stale[0] = true;
                    return old;
                }
                throw failure;
            }
            loaded[0] = true;
            return v == null ? null : entry(v);
        });
        V value = e == null ? null : e.value();
        if (stale[0]) {
            return new CacheRead<>(value, "map", true);
        }
        return loaded[0] ? CacheRead.loaded(value) : CacheRead.hit(value, "map");
    }

    @Override
    public void put(K key, V value) {
        map.put(key, entry(value));
    }

    private Entry<V> entry(V value) {
        long now = nanos.get();
        return new Entry<>(value, now + ttlNanos, now + ttlNanos + maxStaleNanos);
    }

    @Override
    public void invalidate(K key) {
        map.remove(key);
    }

    @Override
    public void invalidateAll() {
        map.clear();
    }
}
