package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.testing.CachePortContract;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache contract on Redis alone, on the shared test Redis, under a key prefix of its own. */
class RedisCacheTest extends CachePortContract {

    static final String PREFIX = "celeris-test:" + UUID.randomUUID() + ":";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    static RedisAdmin admin;

    @BeforeAll
    static void connect() {
        admin = new RedisAdmin(RedisTestServer.uri());
    }

    @AfterAll
    static void cleanUp() {
        admin.deleteByPrefix(PREFIX);
        assertThat(admin.redis().keys(PREFIX + "*")).isEmpty();
        admin.close();
    }

    /**
     * The contract is about what is cached, not how fast: a command that times out while the JVM warms up would be a
     * (correct) miss, and a flaky test. RedisFailureTest covers 50 ms.
     */
    static final RedisSettings REDIS = TestCaches.redis(RedisTestServer.uri(), PREFIX, Duration.ofSeconds(1));

    static RedisNamespace namespace(Lifetime lifetime) {
        return TestCaches.namespace("ns" + NAMESPACES.incrementAndGet(), lifetime);
    }

    @Override
    protected CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        var cache = TestCaches.redisAlone(REDIS, namespace(TestCaches.lifetime(ttl, maxStale)));
        assertThat(cache.healthy()).as("connected to " + RedisTestServer.uri()).isTrue();
        return cache;
    }

    @Override
    protected void elapse(Duration time) {
        super.elapse(time);
        // Stores land after the reads that sent them: a store landing after this would carry a full lifetime.
        caches().forEach(Stores::landed);
        admin.elapse(PREFIX, time);
    }

    @Test
    void keysCarryPrefixNamespaceSchemaVersionAndATimeToLive() {
        var namespace = namespace(new Lifetime(Duration.ofMinutes(10), 0.1, Duration.ofMinutes(1)));
        try (var cache = TestCaches.redisAlone(REDIS, namespace)) {
            cache.get("42", k -> "answer");
            Stores.landed(cache);
            String key = PREFIX + namespace.name() + ":v1:{42}";
            assertThat(admin.redis().get(key)).isEqualTo("answer");
            // The load token the miss made: the store went in under it.
            String token = admin.redis().get(key + ":gen");
            assertThat(token).isNotNull().isNotEqualTo("0");
            // 10 min ± 10 % + the 1 min stale window
            assertThat(admin.redis().pttl(key)).isBetween(Duration.ofMinutes(10).toMillis(), Duration.ofMinutes(12).toMillis());
            cache.invalidate("42");
            assertThat(admin.redis().get(key)).isNull();
            assertThat(admin.redis().get(key + ":gen")).as("moved on by the invalidation").isNotEqualTo(token);
            assertThat(admin.redis().pttl(key + ":gen")).isPositive();
        }
    }

    @Test
    void aNewSchemaVersionNeverReadsTheOldEntries() {
        var v1 = namespace(TestCaches.lifetime(Duration.ofMinutes(10), Duration.ZERO));
        var v2 = new RedisNamespace(v1.name(), 2, v1.lifetime());
        try (var old = TestCaches.redisAlone(REDIS, v1); var current = TestCaches.redisAlone(REDIS, v2)) {
            old.put("k", "old shape");
            assertThat(current.get("k", k -> "new shape")).isEqualTo("new shape");
            assertThat(old.getIfPresent("k")).contains("old shape");
        }
    }

    @Test
    void aLoadRacingAnInvalidationLeavesNothingInRedis() throws Exception {
        try (var a = TestCaches.redisAlone(REDIS, namespace(TestCaches.lifetime(TTL, Duration.ZERO)))) {
            var source = new ConcurrentHashMap<>(Map.of("k", "old"));
            var loading = new CountDownLatch(1);
            var written = new CountDownLatch(1);
            Thread reader = Thread.ofVirtual().start(() -> a.get("k", k -> {
                String read = source.get(k);
                loading.countDown();
                RaceSupport.await(written);
                return read;
            }));
            loading.await();
            source.put("k", "new");
            a.invalidate("k");
            written.countDown();
            reader.join();
            Stores.landed(a);
            assertThat(a.getIfPresent("k")).isEmpty();
            assertThat(a.get("k", source::get)).isEqualTo("new");
        }
    }
}
