package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CacheRead;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p><b>Generational</b> (for values that every write may change, such as first pages of listings): every key is
 * stored under the namespace's current generation, a counter in Redis, and {@link #invalidateAll()} (as well as
 * {@link #invalidate}) moves the counter on: one INCR and one message, however many entries there are, and
 * entries of older generations are never read again (they expire). The generation each instance uses is held
 * locally and moved on by the others' messages. While it is not known (before the first connection, while
 * Redis or the subscription is down, and until a write made during an outage has moved the counter on) the
 * cache holds nothing and every read runs its loader: no page that might predate a write is served.
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
    private final boolean generational;
    /** Generational only: the namespace's generation in use here, or {@link #UNKNOWN}. */
    private final AtomicLong generation = new AtomicLong(UNKNOWN);
    /** Generational only: a write found Redis unreachable; the counter must move on before anything is cached. */
    private volatile boolean bumpPending;
    /** Generational only: the newest generation heard from the others since the last refresh began. */
    private final AtomicLong heard = new AtomicLong(UNKNOWN);
    private static final long UNKNOWN = -1;

    TwoTierCache(L1Settings l1Settings, RedisSettings redisSettings, KeyCodec<? super K> keys, ValueCodec<V> values,
                 Ticker ticker) {
        this(l1Settings, redisSettings, keys, values, ticker, false);
    }

    TwoTierCache(L1Settings l1Settings, RedisSettings redisSettings, KeyCodec<? super K> keys, ValueCodec<V> values,
                 Ticker ticker, boolean generational) {
        this.generational = generational;
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

    /**
     * @return the text a key is stored under: its own, or in a generational cache the generation and its own;
     *         null while a generational cache does not know its generation (nothing may be cached then)
     */
    private String idOf(K key) {
        String own = keys.encode(key);
        if (!generational) {
            return own;
        }
        long g = generation.get();
        return g < 0 ? null : g + ":" + own;
    }

    @Override
    public Optional<V> getIfPresent(K key) {
        observeHealth();
        String id = idOf(key);
        if (id == null) {
            return Optional.empty();
        }
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
        observeHealth();
        String id = idOf(key);
        if (id == null) {
            counters.l1Misses.increment();
            return CacheRead.loaded(counters.load(key, loader, System::nanoTime));
        }
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
            // Not if this instance dropped the key or cleared everything meanwhile: a clear (admin, or heard from
            // another instance) deletes the per-key generations with the entries, so the token alone would let a
            // load that started before it store what it read.
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
        String id = idOf(key);
        if (id == null) {
            return;
        }
        l2.put(id, values.encode(value));
        l1.put(id, value);
        publish(bus.keyMessage(id));
    }

    @Override
    public void invalidate(K key) {
        if (generational) {
            // The generation is the only token a generational cache has: one key moves it like all keys.
            invalidateAll();
            return;
        }
        String id = keys.encode(key);
        // Redis first, then L1: a local read between the two would otherwise refill L1 from the old
        // Redis entry. Then the others.
        l2.invalidate(id);
        l1.invalidate(id);
        publish(bus.keyMessage(id));
    }

    @Override
    public void invalidateAll() {
        if (generational) {
            nextGeneration();
            return;
        }
        l2.clear();
        l1.clear();
        publish(bus.allMessage());
    }

    /**
     * Generational: moves the namespace on (INCR), uses the new generation here at once (read-your-writes),
     * tells the others. If Redis does not answer, caches nothing until it does and the counter has moved.
     */
    private void nextGeneration() {
        l1.clear();
        long g = l2.nextGeneration();
        if (g < 0) {
            bumpPending = true;
            generation.set(UNKNOWN);
            return;
        }
        generation.accumulateAndGet(g, Math::max);
        publish(bus.generationMessage(g));
    }

    /**
     * Generational: learns the generation from Redis after a (re)connection, first moving it on if a write
     * happened while Redis was unreachable. Leaves it unknown if Redis does not answer.
     */
    private void refreshGeneration() {
        if (!generational) {
            return;
        }
        generation.set(UNKNOWN);
        heard.set(UNKNOWN);
        long g;
        if (bumpPending) {
            g = l2.nextGeneration();
            if (g < 0) {
                return;
            }
            bumpPending = false;
            publish(bus.generationMessage(g));
        } else {
            g = l2.generation();
            if (g < 0) {
                return;
            }
        }
        // Set, not max: after a Redis restart the counter starts again from 0. A write of ours that moved it on
        // meanwhile has set a newer generation already, and that one stays.
        // A message heard while we asked comes from an INCR that Redis may have made after it answered us.
        generation.compareAndSet(UNKNOWN, Math.max(g, heard.get()));
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

    /** @return whether the command link is up (tests tell it from the subscription) */
    boolean linkHealthy() {
        return redis.link.healthy();
    }

    /** @return whether invalidations can be heard (tests) */
    boolean subscribed() {
        return bus.subscribed();
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
     * @return a generational cache's generation in use here, -1 while unknown (tests)
     */
    long generation() {
        return generation.get();
    }

    /**
     * @return true if this instance's L1 holds a fresh value for the key (tests watch invalidations)
     */
    boolean holdsLocally(K key) {
        String id = idOf(key);
        if (id == null) {
            return false;
        }
        L1Store.Entry<V> entry = l1.entry(id);
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
                if (generational) {
                    generation.set(UNKNOWN); // messages may be missed from now on
                }
                LOG.warning("Redis unreachable: serving from L1 alone, entries live "
                        + degradedTtlNanos / 1_000_000 + " ms");
            } else if (everHealthy.getAndSet(true)) {
                LOG.info("Redis is back: clearing L1, invalidations may have been missed");
                clearL1AfterReconnect();
                l2.replayPending();
                refreshGeneration();
            } else {
                LOG.info("two-tier cache connected to Redis");
                refreshGeneration();
            }
        } else if (healthyNow && !l2.upToDate()) {
            l2.replayPending();
        } else if (healthyNow && generational && generation.get() < 0 && !degraded.get()) {
            refreshGeneration();
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
        public void generationChanged(long g) {
            counters.invalidationsReceived.increment();
            // Only a known generation moves on: an unknown one is learnt from Redis on recovery (which also
            // looks at what was heard meanwhile).
            heard.accumulateAndGet(g, Math::max);
            generation.getAndUpdate(current -> current < 0 ? current : Math.max(current, g));
            l1.clear();
        }

        @Override
        public void subscriptionLost() {
            // Degraded from now on (shorter L1 lifetimes); the clear comes with the recovery.
            degraded.set(true);
            if (generational) {
                generation.set(UNKNOWN);
            }
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
