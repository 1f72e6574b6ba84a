package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Caches as the tests build them: settings spelled out in one call, caches on a clock the test moves, and caches with a
 * Redis runtime of their own (one per simulated instance; closing the cache closes its runtime). The service builds
 * its caches through {@link Caches}, from {@code application.yaml}.
 */
final class TestCaches {

    /** A breaker that stays out of the way of tests about something else (the service's own comes from its YAML). */
    static final RedisSettings.Breaker BREAKER = new RedisSettings.Breaker(10, 50, Duration.ofSeconds(1));
    static final Duration DEGRADED_TTL = Duration.ofSeconds(1);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private TestCaches() {
    }

    /** @return a lifetime with no jitter (the tests move time and expect entries to expire on the dot) */
    static Lifetime lifetime(Duration ttl, Duration maxStale) {
        return new Lifetime(ttl, 0, maxStale);
    }

    /** @return an L1 with ±10 % jitter and no stale-if-error window */
    static L1Settings l1(long maximumSize, Duration ttl) {
        return new L1Settings(maximumSize, new Lifetime(ttl, 0.1, Duration.ZERO));
    }

    /** @return an L1 whose entries expire on the dot */
    static L1Settings l1(long maximumSize, Duration ttl, Duration maxStale) {
        return new L1Settings(maximumSize, lifetime(ttl, maxStale));
    }

    /** @return a runtime's settings with the given command timeout, {@link #BREAKER} and a 1 s degraded lifetime */
    static RedisSettings redis(String uri, String keyPrefix, Duration commandTimeout) {
        return new RedisSettings(uri, keyPrefix, commandTimeout, CONNECT_TIMEOUT, BREAKER, DEGRADED_TTL);
    }

    /** @return schema version 1 of a namespace */
    static RedisNamespace namespace(String name, Lifetime lifetime) {
        return new RedisNamespace(name, 1, lifetime);
    }

    /** @return an in-process cache on the test's clock */
    static <K, V> CaffeineCache<K, V> inProcess(L1Settings settings, LongSupplier nanoTime) {
        return new CaffeineCache<>(settings, nanoTime::getAsLong, CacheMeters.NONE, "test");
    }

    /** @return a per-key two-tier cache of text, with a runtime of its own, its L1 on the given clock */
    static TwoTierCache<String, String> twoTier(L1Settings l1, RedisSettings redis, RedisNamespace namespace,
                                                LongSupplier nanoTime) {
        return new TwoTierCache<>(l1, RedisRuntime.start(redis, CacheMeters.NONE), true, namespace,
                KeyCodec.toStringCodec(), Strings.CODEC, nanoTime::getAsLong, PerKeyInvalidation::new);
    }

    /** @return a per-key two-tier cache of text, with a runtime of its own, on the system clock */
    static TwoTierCache<String, String> twoTier(L1Settings l1, RedisSettings redis, RedisNamespace namespace) {
        return twoTier(l1, redis, namespace, System::nanoTime);
    }

    /** @return a generational two-tier cache of text ({@link GenerationalInvalidation}), with its own runtime */
    static TwoTierCache<String, String> generational(L1Settings l1, RedisSettings redis, RedisNamespace namespace,
                                                     LongSupplier nanoTime) {
        return new TwoTierCache<>(l1, RedisRuntime.start(redis, CacheMeters.NONE), true, namespace,
                KeyCodec.toStringCodec(), Strings.CODEC, nanoTime::getAsLong, GenerationalInvalidation::new);
    }

    /** @return a cache of text in Redis alone, with a runtime of its own */
    static RedisCache<String, String> redisAlone(RedisSettings redis, RedisNamespace namespace) {
        return new RedisCache<>(RedisRuntime.start(redis, CacheMeters.NONE), true, namespace,
                KeyCodec.toStringCodec(), Strings.CODEC);
    }

    /**
     * @param strategy {@code PerKeyInvalidation::new} or {@code GenerationalInvalidation::new}
     * @return a cache of text on a runtime the caller owns (and closes), on the system clock
     */
    static TwoTierCache<String, String> on(RedisRuntime redis, L1Settings l1, RedisNamespace namespace,
                                           Function<Tiers<String>, Invalidation> strategy) {
        return new TwoTierCache<>(l1, redis, false, namespace, KeyCodec.toStringCodec(), Strings.CODEC,
                Ticker.systemTicker(), strategy);
    }
}
