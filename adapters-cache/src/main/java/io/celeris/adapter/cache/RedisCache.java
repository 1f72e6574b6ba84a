package io.celeris.adapter.cache;

import io.celeris.application.port.out.CacheRead;
import java.util.Optional;
import java.util.function.Function;

/**
 * The L2 tier alone: Redis, shared by every instance. Redis trouble never reaches the caller: a
 * command that fails, times out or is cut short by the open circuit is a miss, and the loader answers.
 * Concurrent misses for one key on this instance load once; across instances the load tokens of
 * {@link RedisStore} keep a slow, stale load from overwriting a newer write.
 */
final class RedisCache<K, V> implements Caches.Distributed<K, V> {

    static final String TIER = "l2";

    private final KeyCodec<? super K> keys;
    private final ValueCodec<V> values;
    private final Counters counters = new Counters();
    private final SingleFlight<String, CacheRead<V>> flights = new SingleFlight<>();
    private final RedisRuntime redis;
    private final boolean ownsRuntime;
    private final RedisStore store;
    private final RedisRuntime.Member member;

    /**
     * @param ownsRuntime true if closing this cache closes the runtime
     * @param namespace   the namespace, its schema version and lifetime in Redis
     */
    RedisCache(RedisRuntime redis, boolean ownsRuntime, RedisNamespace namespace, KeyCodec<? super K> keys,
               ValueCodec<V> values) {
        this.keys = keys;
        this.values = values;
        this.redis = redis;
        this.ownsRuntime = ownsRuntime;
        // Stores at once, ordered with the lookups: without an L1, the next read must find what a load stored.
        this.store = redis.store(namespace, false);
        // No L1 to clear: all this cache does when Redis is back is replay the deletes it could not make.
        this.member = new RedisRuntime.Member() {
            @Override
            public void degraded() {
            }

            @Override
            public void recovered(boolean again, boolean missed) {
            }

            @Override
            public boolean catchUp() {
                store.replayPending();
                return store.upToDate();
            }
        };
        redis.join(member);
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        if (store.lookup(keys.encode(key)) instanceof RedisStore.Hit hit && hit.fresh()) {
            return Optional.ofNullable(RedisStore.decode(values, hit.value()));
        }
        return Optional.empty();
    }

    @Override
    public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
        String id = keys.encode(key);
        return flights.run(id, () -> readThrough(id, key, loader));
    }

    private CacheRead<V> readThrough(String id, K key, Function<? super K, ? extends V> loader) {
        RedisStore.Lookup found = store.lookup(id);
        V held = found instanceof RedisStore.Hit hit ? RedisStore.decode(values, hit.value()) : null;
        if (held != null && ((RedisStore.Hit) found).fresh()) {
            counters.l2.hits.increment();
            return CacheRead.hit(held, TIER);
        }
        counters.l2.misses.increment();
        V value;
        try {
            value = counters.load(key, loader, System::nanoTime);
        } catch (RuntimeException e) {
            if (held == null) {
                throw e;
            }
            counters.staleServed.increment();
            return new CacheRead<>(held, TIER, true);
        }
        String generation = switch (found) {
            case RedisStore.Hit hit -> hit.generation();
            case RedisStore.Miss miss -> miss.generation();
            case RedisStore.Unavailable unavailable -> null;
        };
        if (value != null && generation != null) {
            store.storeIfGeneration(id, values.encode(value), generation);
        }
        return CacheRead.loaded(value);
    }

    @Override
    public void put(K key, V value) {
        store.put(keys.encode(key), values.encode(value));
    }

    @Override
    public void invalidate(K key) {
        // No L1 here and no one to tell: the delete is all (remembered, and replayed, if Redis is away).
        store.invalidate(keys.encode(key));
    }

    @Override
    public void invalidateAll() {
        store.clear(); // SCAN and UNLINK of this namespace only
    }

    @Override
    public CacheStats stats() {
        return counters.overRedis(CacheStats.Tier.NONE, redis.link, !redis.link.healthy());
    }

    @Override
    public boolean healthy() {
        return redis.link.healthy();
    }

    /** @return the runtime under this cache (tests) */
    RedisRuntime runtime() {
        return redis;
    }

    @Override
    public void close() {
        redis.leave(member);
        if (ownsRuntime) {
            redis.close();
        }
    }

}
