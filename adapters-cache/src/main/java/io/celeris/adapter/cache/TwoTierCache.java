package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CacheRead;
import java.util.Optional;
import java.util.function.Function;

/**
 * L1 (Caffeine, this instance) in front of L2 (Redis, every instance): a read tries L1, then Redis,
 * then the loader, and fills L1 and Redis on the way back; it waits for the lookup in Redis, never for the store
 * (one round trip per miss). Writes go to Redis, here and to the other
 * instances as its {@link Invalidation} says: {@link PerKeyInvalidation} (users by id) or
 * {@link GenerationalInvalidation} (first pages, totals).
 *
 * <p>When the instance's {@link RedisRuntime} is degraded (not connected, circuit open, subscription down or
 * silent) the cache runs on L1 alone, with the shorter {@link RedisSettings#degradedTimeToLive()} since
 * invalidations from the other instances cannot arrive; when it is back, L1 is cleared (messages may have been
 * missed) and what could not be sent to Redis is replayed.
 */
final class TwoTierCache<K, V> implements Caches.Distributed<K, V> {

    private final KeyCodec<? super K> keys;
    private final ValueCodec<V> values;
    private final L1Store<String, V> l1;
    private final long degradedTtlNanos;
    private final Counters counters = new Counters();
    private final SingleFlight<String, CacheRead<V>> flights = new SingleFlight<>();
    private final RedisRuntime redis;
    private final boolean ownsRuntime;
    private final RedisStore l2;
    private final Tiers<V> tiers;
    private final Invalidation invalidation;
    private final Hearing hearing = new Hearing();

    /**
     * @param redis       the instance's Redis runtime
     * @param ownsRuntime true if closing this cache closes the runtime (a cache built on its own, in tests)
     * @param namespace   the namespace, its schema version and lifetime in Redis
     * @param strategy    {@code PerKeyInvalidation::new} or {@code GenerationalInvalidation::new}
     */
    TwoTierCache(L1Settings l1Settings, RedisRuntime redis, boolean ownsRuntime, RedisNamespace namespace,
                 KeyCodec<? super K> keys, ValueCodec<V> values, Ticker ticker,
                 Function<Tiers<V>, Invalidation> strategy) {
        this.keys = keys;
        this.values = values;
        this.l1 = new L1Store<>(l1Settings, ticker, redis.meters(), namespace.name());
        this.degradedTtlNanos = Math.min(redis.settings().degradedTimeToLive().toNanos(),
                l1Settings.lifetime().timeToLive().toNanos());
        this.redis = redis;
        this.ownsRuntime = ownsRuntime;
        // Batched stores: this instance holds the value in L1 meanwhile.
        this.l2 = redis.store(namespace, true);
        this.tiers = new Tiers<>(l1, l2, redis.bus, counters);
        this.invalidation = strategy.apply(tiers);
        redis.bus.register(l2.namespacePrefix(), hearing);
        redis.join(hearing);
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        redis.observe();
        String id = invalidation.id(keys.encode(key));
        if (id == null) {
            return Optional.empty();
        }
        L1Store.Entry<V> entry = l1.entry(id);
        if (entry != null && l1.isFresh(entry, l1MaxAge())) {
            return Optional.of(entry.value());
        }
        long stamp = l1.stamp(id);
        if (l2.lookup(id) instanceof RedisStore.Hit hit && hit.fresh()) {
            V value = RedisStore.decode(values, hit.value());
            if (value != null) {
                l1.putIfUnchanged(id, value, stamp);
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    @Override
    public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
        redis.observe();
        String id = invalidation.id(keys.encode(key));
        if (id == null) {
            counters.l1.misses.increment();
            return CacheRead.loaded(counters.load(key, loader, System::nanoTime));
        }
        L1Store.Entry<V> entry = l1.entry(id);
        if (entry != null && l1.isFresh(entry, l1MaxAge())) {
            counters.l1.hits.increment();
            return CacheRead.hit(entry.value(), CaffeineCache.TIER);
        }
        counters.l1.misses.increment();
        // Taken before Redis is read: an invalidation from now on keeps what we found out of L1, and keeps a read
        // that arrives after it from joining this load.
        long stamp = l1.stamp(id);
        return flights.run(id, stamp, () -> readThrough(id, key, loader, stamp));
    }

    private CacheRead<V> readThrough(String id, K key, Function<? super K, ? extends V> loader, long stamp) {
        RedisStore.Lookup found = l2.lookup(id);
        V inRedis = found instanceof RedisStore.Hit hit ? RedisStore.decode(values, hit.value()) : null;
        if (inRedis != null && ((RedisStore.Hit) found).fresh()) {
            counters.l2.hits.increment();
            l1.putIfUnchanged(id, inRedis, stamp);
            return CacheRead.hit(inRedis, RedisCache.TIER);
        }
        counters.l2.misses.increment();
        V value;
        try {
            value = counters.load(key, loader, System::nanoTime);
        } catch (RuntimeException e) {
            return stale(id, inRedis).orElseThrow(() -> e);
        }
        if (value != null) {
            String generation = switch (found) {
                case RedisStore.Hit hit -> hit.generation();
                case RedisStore.Miss miss -> miss.generation();
                // No token, no store: we cannot tell whether a write happened meanwhile.
                case RedisStore.Unavailable unavailable -> null;
            };
            // Sent, not waited for: Redis checks the token when it lands (a write or clear since the lookup, on any
            // instance, and it stores nothing). Not even sent if this instance dropped the key or cleared
            // everything meanwhile.
            if (generation != null && l1.stamp(id) == stamp) {
                l2.storeIfGeneration(id, values.encode(value), generation);
            }
            l1.putIfUnchanged(id, value, stamp);
        }
        return CacheRead.loaded(value);
    }

    /** The stale-if-error answer: the expired L1 copy if any, else the expired Redis copy. */
    private Optional<CacheRead<V>> stale(String id, V inRedis) {
        L1Store.Entry<V> held = l1.entry(id);
        CacheRead<V> answer = held != null ? new CacheRead<>(held.value(), CaffeineCache.TIER, true)
                : inRedis != null ? new CacheRead<>(inRedis, RedisCache.TIER, true)
                : null;
        if (answer != null) {
            counters.staleServed.increment();
        }
        return Optional.ofNullable(answer);
    }

    @Override
    public void put(K key, V value) {
        redis.awaitStart();
        String id = invalidation.id(keys.encode(key));
        if (id == null) {
            return;
        }
        l2.put(id, values.encode(value));
        l1.put(id, value);
        tiers.publishKey(id);
    }

    @Override
    public boolean healthy() {
        return redis.healthy();
    }

    /** Drops the key as the strategy says: the key alone, or the whole generation. */
    @Override
    public void invalidate(K key) {
        redis.awaitStart();
        invalidation.invalidate(keys.encode(key));
    }

    @Override
    public void invalidateAll() {
        redis.awaitStart();
        invalidation.invalidateAll();
    }

    /** @return whether the command link is up (tests tell it from the subscription) */
    boolean linkHealthy() {
        return redis.link.healthy();
    }

    /** @return whether invalidations can be heard (tests) */
    boolean subscribed() {
        return redis.bus.subscribed();
    }

    @Override
    public CacheStats stats() {
        return counters.overRedis(counters.l1.snapshot(l1.evictions()), redis.link, redis.degraded());
    }

    @Override
    public void close() {
        redis.leave(hearing);
        redis.bus.unregister(l2.namespacePrefix());
        if (ownsRuntime) {
            redis.close();
        }
    }

    /** @return a generational cache's generation in use here, -1 while unknown or not generational (tests) */
    long generation() {
        return invalidation instanceof GenerationalInvalidation<?> g ? g.generation() : -1;
    }

    /** @return true if this instance's L1 holds a fresh value for the key (tests watch invalidations) */
    boolean holdsLocally(K key) {
        String id = invalidation.id(keys.encode(key));
        if (id == null) {
            return false;
        }
        L1Store.Entry<V> entry = l1.entry(id);
        return entry != null && l1.isFresh(entry, l1MaxAge());
    }

    /** Tests only: this cache's stores go through the executor instead of being sent at once. */
    void dispatchStoresWith(java.util.concurrent.Executor executor) {
        l2.dispatchStoresWith(executor);
    }

    /** @return the runtime under this cache (tests) */
    RedisRuntime runtime() {
        return redis;
    }

    private long l1MaxAge() {
        return redis.l1Untrusted() ? degradedTtlNanos : Long.MAX_VALUE;
    }

    /** What both strategies do alike when the others or Redis speak; the strategy adds its part. */
    private final class Hearing implements InvalidationBus.Listener, RedisRuntime.Member {

        @Override
        public void invalidated(String id) {
            counters.invalidationsReceived.increment();
            l1.invalidate(id);
        }

        @Override
        public void invalidatedAll() {
            counters.invalidationsReceived.increment();
            l1.clear();
        }

        @Override
        public void generationChanged(long generation) {
            counters.invalidationsReceived.increment();
            invalidation.generationHeard(generation);
            l1.clear();
        }

        @Override
        public void degraded() {
            invalidation.lost();
        }

        @Override
        public void recovered(boolean again, boolean missed) {
            if (missed && again) {
                tiers.clearL1AfterOutage();
            } else if (missed) {
                tiers.l1.clear(); // what was cached before the first connection: not an outage, not counted
            }
            invalidation.back(again);
        }

        @Override
        public boolean catchUp() {
            boolean replayed = tiers.replayPending();
            return invalidation.caughtUp() && replayed;
        }
    }
}
