package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CacheRead;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * L1 (Caffeine, this instance) in front of L2 (Redis, every instance): a read tries L1, then Redis,
 * then the loader, and fills Redis and L1 on the way back. Writes invalidate Redis, drop the local copy
 * and tell the other instances over pub/sub to drop theirs.
 *
 * <p>When Redis cannot be reached (not connected, circuit open, subscription down) the cache runs on
 * L1 alone, with the shorter {@link L1Settings#degradedTimeToLive()} since invalidations from the
 * other instances cannot arrive; when it is back, L1 is cleared (messages may have been missed) and
 * invalidations that could not be sent to Redis are replayed.
 */
final class TwoTierCache<K, V> implements Caches.Distributed<K, V> {

    private static final Logger LOG = Logger.getLogger(TwoTierCache.class.getName());

    private final KeyCodec<? super K> keys;
    private final ValueCodec<V> values;
    private final L1Store<String, V> l1;
    private final long degradedTtlNanos;
    private final Counters counters = new Counters();
    private final SingleFlight<String, CacheRead<V>> flights = new SingleFlight<>();
    private final RedisRuntime redis;
    private final RedisStore l2;
    private final RedisConnector busConnector;
    private final InvalidationBus bus;
    // Starts degraded: nothing is connected yet, and the first recovery clears nothing of value.
    private final AtomicBoolean degraded = new AtomicBoolean(true);
    private final AtomicBoolean everHealthy = new AtomicBoolean();

    TwoTierCache(L1Settings l1Settings, RedisSettings redisSettings, KeyCodec<? super K> keys, ValueCodec<V> values,
                 Ticker ticker) {
        this.keys = keys;
        this.values = values;
        this.l1 = new L1Store<>(l1Settings, ticker);
        this.degradedTtlNanos = l1Settings.degradedTimeToLive().toNanos();
        this.redis = new RedisRuntime(redisSettings, counters, this::observeHealth);
        this.l2 = redis.store;
        this.busConnector = RedisConnector.create(redisSettings, redis.resources);
        this.bus = new InvalidationBus(busConnector, redisSettings.keyPrefix() + "invalidations",
                UUID.randomUUID().toString(), l2.namespacePrefix(), new BusListener());
        redis.start();
        bus.start(redis.scheduler, RedisRuntime.CHECK_MILLIS);
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        String id = keys.encode(key);
        observeHealth();
        L1Store.Entry<V> entry = l1.entry(id);
        if (entry != null && l1.isFresh(entry, l1MaxAge())) {
            return Optional.of(entry.value());
        }
        long stamp = l1.stamp(id);
        if (l2.lookup(id) instanceof RedisStore.Hit hit && hit.fresh()) {
            V value = decode(hit.value());
            if (value != null) {
                l1.putIfUnchanged(id, value, stamp);
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    @Override
    public CacheRead<V> read(K key, Function<? super K, ? extends V> loader) {
        String id = keys.encode(key);
        observeHealth();
        L1Store.Entry<V> entry = l1.entry(id);
        if (entry != null && l1.isFresh(entry, l1MaxAge())) {
            counters.l1Hits.increment();
            return CacheRead.hit(entry.value(), CaffeineCache.TIER);
        }
        counters.l1Misses.increment();
        return flights.run(id, () -> readThrough(id, key, loader));
    }

    private CacheRead<V> readThrough(String id, K key, Function<? super K, ? extends V> loader) {
        // Taken before Redis is read: an invalidation from now on keeps what we found out of L1.
        long stamp = l1.stamp(id);
        RedisStore.Lookup found = l2.lookup(id);
        V inRedis = found instanceof RedisStore.Hit hit ? decode(hit.value()) : null;
        if (inRedis != null && ((RedisStore.Hit) found).fresh()) {
            counters.l2Hits.increment();
            l1.putIfUnchanged(id, inRedis, stamp);
            return CacheRead.hit(inRedis, RedisCache.TIER);
        }
        counters.l2Misses.increment();
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
            if (generation != null) {
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
        String id = keys.encode(key);
        l2.put(id, values.encode(value));
        l1.put(id, value);
        publish(bus.keyMessage(id));
    }

    @Override
    public void invalidate(K key) {
        String id = keys.encode(key);
        // Redis first, then L1: a local read between the two would otherwise refill L1 from the old
        // Redis entry. Then the others.
        l2.invalidate(id);
        l1.invalidate(id);
        publish(bus.keyMessage(id));
    }

    @Override
    public void invalidateAll() {
        l2.clear();
        l1.clear();
        publish(bus.allMessage());
    }

    private void publish(String message) {
        if (l2.publish(bus.channel(), message)) {
            counters.invalidationsSent.increment();
        }
    }

    @Override
    public boolean healthy() {
        return redis.link.healthy() && bus.subscribed();
    }

    @Override
    public CacheStats stats() {
        return counters.snapshot(counters.l1(l1.evictions()), counters.l2(), redis.link.circuitState(),
                degraded.get());
    }

    @Override
    public void close() {
        bus.close();
        busConnector.close();
        redis.close();
    }

    /**
     * @return true if this instance's L1 holds a fresh value for the key (tests watch invalidations)
     */
    boolean holdsLocally(K key) {
        L1Store.Entry<V> entry = l1.entry(keys.encode(key));
        return entry != null && l1.isFresh(entry, l1MaxAge());
    }

    private long l1MaxAge() {
        return degraded.get() ? degradedTtlNanos : Long.MAX_VALUE;
    }

    /** Notices the moment Redis is back, on reads and from the background check alike. */
    void observeHealth() {
        boolean healthyNow = healthy();
        // degraded must equal !healthyNow; when it does not, exactly one caller wins the flip.
        if (degraded.get() == healthyNow && degraded.compareAndSet(healthyNow, !healthyNow)) {
            if (!healthyNow) {
                LOG.warning("Redis unreachable: serving from L1 alone, entries live "
                        + degradedTtlNanos / 1_000_000 + " ms");
            } else if (everHealthy.getAndSet(true)) {
                LOG.info("Redis is back: clearing L1, invalidations may have been missed");
                clearL1AfterReconnect();
                l2.replayPending();
            } else {
                LOG.info("two-tier cache connected to Redis");
            }
        } else if (healthyNow && !l2.upToDate()) {
            l2.replayPending();
        }
    }

    private void clearL1AfterReconnect() {
        l1.clear();
        counters.l1Clears.increment();
    }

    private V decode(byte[] bytes) {
        try {
            return values.decode(bytes);
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "undecodable cache entry", e);
            return null;
        }
    }

    private final class BusListener implements InvalidationBus.Listener {

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
        public void subscriptionLost() {
            // Degraded from now on (shorter L1 lifetimes); the clear comes with the recovery.
            degraded.set(true);
        }

        @Override
        public void resubscribed() {
            // Messages sent while we were away are lost. Degraded until observeHealth sees us healthy
            // and clears L1; that check talks to Redis, so it must not run here, on an I/O thread.
            degraded.set(true);
            redis.scheduler.execute(TwoTierCache.this::observeHealth);
        }
    }
}
