package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.FirstPage;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.helidon.metrics.api.MeterRegistry;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Builds the cache adapters; the only public way in.
 *
 * <ul>
 *   <li>{@link #inProcess}: Caffeine alone (L1), when there is no Redis.</li>
 *   <li>{@link #connect}: the instance's one Redis runtime, shared by {@link #usersById}, {@link #firstPages}
 *       and {@link #totals}: Caffeine in front of Redis, kept coherent across instances by pub/sub
 *       invalidations. Built even while Redis is down: they then work on L1 alone and recover by themselves.</li>
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
     * @param name     the cache's name in the meters, e.g. {@code users}
     * @param meters   where Caffeine's own counters go ({@code cache.gets}, {@code cache.evictions} …)
     * @param <K>      key type
     * @param <V>      value type
     * @return an in-process cache on the system clock
     */
    public static <K, V> Instrumented<K, V> inProcess(L1Settings settings, String name, MeterRegistry meters) {
        return new CaffeineCache<>(settings, Ticker.systemTicker(), CacheMeters.in(meters), name);
    }

    /**
     * Connects to Redis: one runtime per instance (Lettuce's threads, one command connection, one invalidation
     * subscription), for every Redis-backed cache of the instance. Returns at once: it connects in the background,
     * and the caches on it serve degraded (L1 alone) until Redis answers; {@link RedisRuntime#starting()} is true
     * until then or until the connect timeout has passed (after which it keeps trying). Lettuce's
     * command latencies ({@code lettuce.command.completion} per command) and the Caffeine counters of the caches on
     * the runtime ({@code cache.gets{cache=user}} …) are recorded.
     *
     * @param redis  where Redis is, timeouts, circuit breaker, key prefix and degraded lifetime, shared by every
     *               cache on the runtime (namespaces and lifetimes are each cache's)
     * @param meters where the libraries' own meters go, once the registry is up (start-up starts the two in
     *               parallel): Redis commands answered before then are not timed; caches built on the runtime wait
     *               for it
     * @return the runtime; close it after the caches on it
     */
    public static RedisRuntime connect(RedisSettings redis, Future<MeterRegistry> meters) {
        return RedisRuntime.open(redis, CacheMeters.when(meters));
    }

    /**
     * First pages of user listings in two tiers, generational: every write moves the namespace
     * ({@code <prefix>page:v<schema>:}) to its next generation, so all cached pages go at once on every
     * instance. Keys are {@link FirstPage#text()} itself (no digest on the hot path: Redis keys may hold any text,
     * and an entry and its generation key share whatever hash tag the text makes). In Redis as long as in process
     * (every write leaves the pages of older generations behind to expire).
     *
     * @param l1    the in-process tier; no stale-if-error window (a page that failed to load is not served from an
     *              expired copy)
     * @param redis the instance's Redis runtime
     * @return the cache; close it before the runtime
     */
    public static Distributed<FirstPage, List<User>> firstPages(L1Settings l1, RedisRuntime redis) {
        return generational(l1, redis, "page", UserListCodec.SCHEMA_VERSION, FirstPage::text, new UserListCodec());
    }

    /**
     * Exact totals of user listings by filter in two tiers, generational like {@link #firstPages}: every write
     * moves the namespace ({@code <prefix>total:v1:}) on, so a total counted before it is never served after it,
     * on any instance. Keys are {@code f:} and {@link UserFilter#text()}.
     *
     * @param l1    the in-process tier; no stale-if-error window
     * @param redis the instance's Redis runtime
     * @return the cache; close it before the runtime
     */
    public static Distributed<UserFilter, Long> totals(L1Settings l1, RedisRuntime redis) {
        return generational(l1, redis, "total", 1, filter -> "f:" + filter.text(), new LongCodec());
    }

    /** In Redis as long as in process: one lifetime for both tiers. */
    private static <K, V> Distributed<K, V> generational(L1Settings l1, RedisRuntime redis, String namespace,
                                                         int version, KeyCodec<? super K> keys, ValueCodec<V> values) {
        if (!l1.lifetime().maxStale().isZero()) {
            throw new IllegalArgumentException(namespace + ": a generational cache serves nothing stale (max stale 0)");
        }
        return new TwoTierCache<K, V>(l1, redis, false, new RedisNamespace(namespace, version, l1.lifetime()), keys,
                values, Ticker.systemTicker(), GenerationalInvalidation::new);
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
     * @param l1      the in-process tier
     * @param inRedis how long entries live in Redis
     * @param redis   the instance's Redis runtime
     * @return the cache; close it before the runtime
     */
    public static Distributed<UserId, User> usersById(L1Settings l1, Lifetime inRedis, RedisRuntime redis) {
        var users = new RedisNamespace("user", UserValueCodec.SCHEMA_VERSION, inRedis);
        return new TwoTierCache<UserId, User>(l1, redis, false, users, KeyCodec.toStringCodec(), new UserValueCodec(),
                Ticker.systemTicker(), PerKeyInvalidation::new);
    }

    /**
     * A cache whose every operation is a span ({@code cache user read}), a child of the request's span; a read
     * says which tier answered ({@code cache.answered_by}: {@code l1}, {@code l2}, or {@code loader}, whose
     * database span is then its child).
     *
     * @param cache  the cache
     * @param name   its name in the span ({@code user}, {@code page}, {@code total}, {@code absent})
     * @param tracer where the spans go
     * @param <K>    key type
     * @param <V>    value type
     * @return the traced cache
     */
    public static <K, V> CachePort<K, V> traced(CachePort<K, V> cache, String name, Tracer tracer) {
        return new TracedCache<>(cache, name, tracer);
    }
}
