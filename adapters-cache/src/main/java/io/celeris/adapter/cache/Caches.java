package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.FirstPage;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Builds the cache adapters; the only public way in.
 *
 * <ul>
 *   <li>{@link #inProcess}: Caffeine alone (L1), when there is no Redis.</li>
 *   <li>{@link #twoTier}: Caffeine in front of Redis, kept coherent across instances by pub/sub
 *       invalidations. Built even while Redis is down: it then works on L1 alone and recovers by itself.</li>
 *   <li>{@link #redis}: Redis alone (L2).</li>
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
     * A cache backed by Redis: it holds connections and threads until closed.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public interface Distributed<K, V> extends Instrumented<K, V>, AutoCloseable {

        /**
         * @return true when Redis is connected and answering (for the two-tier cache: and invalidations
         *         are being heard); false while the cache runs degraded
         */
        boolean healthy();

        /** Closes the connections; the cache must not be used after. */
        @Override
        void close();
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

    /**
     * @param l1     the in-process tier
     * @param redis  the Redis tier
     * @param keys   how keys are named in Redis
     * @param values how values are stored in Redis
     * @param <K>    key type
     * @param <V>    value type
     * @return a two-tier cache on the system clock; close it at shutdown
     */
    public static <K, V> Distributed<K, V> twoTier(L1Settings l1, RedisSettings redis, KeyCodec<? super K> keys,
                                                   ValueCodec<V> values) {
        return running(new TwoTierCache<K, V>(l1, redis, keys, values, Ticker.systemTicker()), redis);
    }

    /**
     * @param l1       the in-process tier
     * @param redis    the Redis tier
     * @param keys     how keys are named in Redis
     * @param values   how values are stored in Redis
     * @param nanoTime the time source of L1, in nanoseconds (Redis keeps its own time)
     * @param <K>      key type
     * @param <V>      value type
     * @return a two-tier cache; close it at shutdown
     */
    public static <K, V> Distributed<K, V> twoTier(L1Settings l1, RedisSettings redis, KeyCodec<? super K> keys,
                                                   ValueCodec<V> values, LongSupplier nanoTime) {
        return running(new TwoTierCache<K, V>(l1, redis, keys, values, nanoTime::getAsLong), redis);
    }

    /**
     * @param redis  the Redis tier
     * @param keys   how keys are named in Redis
     * @param values how values are stored in Redis
     * @param <K>    key type
     * @param <V>    value type
     * @return a cache in Redis alone; close it at shutdown
     */
    public static <K, V> Distributed<K, V> redis(RedisSettings redis, KeyCodec<? super K> keys,
                                                 ValueCodec<V> values) {
        return started(new RedisCache<>(redis, keys, values), redis);
    }

    /** A two-tier cache given its chance to connect, and told what it found. */
    private static <K, V> Distributed<K, V> running(TwoTierCache<K, V> cache, RedisSettings redis) {
        started(cache, redis);
        cache.observeHealth();
        return cache;
    }

    /**
     * Gives a new cache up to the connect timeout to reach Redis, so a service starting next to a
     * running Redis does not serve its first requests degraded. If Redis is down it goes on without.
     */
    private static <C extends Distributed<?, ?>> C started(C cache, RedisSettings redis) {
        long deadline = System.nanoTime() + redis.connectTimeout().toNanos();
        while (!cache.healthy() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return cache;
    }

    /**
     * A generational two-tier cache (see {@link TwoTierCache}): every invalidation moves the whole namespace on.
     *
     * @param l1       the in-process tier
     * @param redis    the Redis tier
     * @param keys     how keys are named in Redis
     * @param values   how values are stored in Redis
     * @param nanoTime the time source of L1, in nanoseconds
     * @param <K>      key type
     * @param <V>      value type
     * @return the cache; close it at shutdown
     */
    static <K, V> Distributed<K, V> generational(L1Settings l1, RedisSettings redis, KeyCodec<? super K> keys,
                                                 ValueCodec<V> values, LongSupplier nanoTime) {
        return running(new TwoTierCache<K, V>(l1, redis, keys, values, nanoTime::getAsLong, true), redis);
    }

    /**
     * First pages of user listings in two tiers, generational: every write moves the namespace
     * ({@code <prefix>page:v<schema>:}) to its next generation, so all cached pages go at once on every
     * instance. Keys are {@link FirstPage#text()} itself (no digest on the hot path: Redis keys may hold any text,
     * and an entry and its generation key share whatever hash tag the text makes). No stale-if-error window: a page that failed
     * to load is not served from an expired copy.
     *
     * @param l1    the in-process tier
     * @param redis where Redis is and how long entries live there (namespace and schema version are set here)
     * @return the cache
     */
    public static Distributed<FirstPage, List<User>> firstPages(L1Settings l1, RedisSettings redis) {
        RedisSettings pages = new RedisSettings(redis.uri(), redis.keyPrefix(), "page", UserListCodec.SCHEMA_VERSION,
                redis.timeToLive(), redis.jitter(), Duration.ZERO, redis.commandTimeout(), redis.connectTimeout(),
                redis.breaker());
        return running(new TwoTierCache<FirstPage, List<User>>(l1.withMaxStale(Duration.ZERO), pages,
                FirstPage::text, new UserListCodec(), Ticker.systemTicker(), true), pages);
    }

    /**
     * Exact totals of user listings by filter in two tiers, generational like {@link #firstPages}: every write
     * moves the namespace ({@code <prefix>total:v1:}) on, so a total counted before it is never served after it,
     * on any instance. Keys are {@code f:} and {@link UserFilter#text()}.
     *
     * @param l1    the in-process tier
     * @param redis where Redis is and how long entries live there (namespace and schema version are set here)
     * @return the cache
     */
    public static Distributed<UserFilter, Long> totals(L1Settings l1, RedisSettings redis) {
        RedisSettings totals = new RedisSettings(redis.uri(), redis.keyPrefix(), "total", 1, redis.timeToLive(),
                redis.jitter(), Duration.ZERO, redis.commandTimeout(), redis.connectTimeout(), redis.breaker());
        return running(new TwoTierCache<UserFilter, Long>(l1.withMaxStale(Duration.ZERO), totals,
                filter -> "f:" + filter.text(), new LongCodec(), Ticker.systemTicker(), true), totals);
    }


    /** A count as 8 bytes. */
    static final class LongCodec implements ValueCodec<Long> {

        @Override
        public byte[] encode(Long value) {
            return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
        }

        @Override
        public Long decode(byte[] bytes) {
            if (bytes.length != Long.BYTES) {
                throw new IllegalArgumentException("not a count: " + bytes.length + " bytes");
            }
            return java.nio.ByteBuffer.wrap(bytes).getLong();
        }
    }

    /**
     * Users by id in two tiers: in process, then Redis ({@code <prefix>user:v<schema>:{<id>}} keys,
     * compact binary values), kept coherent across instances by pub/sub invalidations.
     *
     * @param l1    the in-process tier
     * @param redis where Redis is and how long entries live there (namespace and schema version are set here)
     * @return the cache
     */
    public static Distributed<io.celeris.domain.user.UserId, io.celeris.domain.user.User> usersById(
            L1Settings l1, RedisSettings redis) {
        RedisSettings users = new RedisSettings(redis.uri(), redis.keyPrefix(), "user", UserValueCodec.SCHEMA_VERSION,
                redis.timeToLive(), redis.jitter(), redis.maxStale(), redis.commandTimeout(), redis.connectTimeout(),
                redis.breaker());
        return twoTier(l1, users, KeyCodec.toStringCodec(), new UserValueCodec());
    }
}
