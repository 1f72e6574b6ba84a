package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.CacheRead;
import io.celeris.application.testing.CachePortContract;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache contract on the two-tier cache: L1 on the test's clock, L2 on the shared test Redis. */
class TwoTierCacheTest extends CachePortContract {

    static final String PREFIX = "celeris-test:" + UUID.randomUUID() + ":";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static RedisAdmin admin;

    @BeforeAll
    static void connect() {
        admin = new RedisAdmin(RedisTestServer.uri());
    }

    @AfterAll
    static void cleanUp() {
        admin.deleteByPrefix(PREFIX);
        admin.close();
    }

    /** @return false to run the lookups by script, as on a Redis before 7.0 ({@link TwoTierCacheByScriptTest}) */
    boolean plainLookups() {
        return true;
    }

    private Caches.Distributed<String, String> twoTier(Duration ttl, Duration maxStale, String namespace) {
        var lifetime = TestCaches.lifetime(ttl, maxStale);
        // A generous timeout: see RedisCacheTest.REDIS.
        var cache = TestCaches.twoTier(new L1Settings(10_000, lifetime),
                TestCaches.redis(RedisTestServer.uri(), PREFIX, Duration.ofSeconds(1)),
                TestCaches.namespace(namespace, lifetime), nanos::get);
        if (!plainLookups()) {
            cache.runtime().link.lookUpByScript();
        }
        assertThat(cache.healthy()).as("connected to " + RedisTestServer.uri()).isTrue();
        return cache;
    }

    @Override
    protected CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        return twoTier(ttl, maxStale, "ns" + NAMESPACES.incrementAndGet());
    }

    @Override
    protected void elapse(Duration time) {
        super.elapse(time);
        // Stores land after the reads that sent them: a store landing after this would carry a full lifetime.
        caches().forEach(Stores::landed);
        admin.elapse(PREFIX, time);
    }

    @Test
    void readsL1ThenL2ThenTheLoaderAndSaysWhichAnswered() {
        String namespace = "shared" + NAMESPACES.incrementAndGet();
        var a = made(twoTier(TTL, Duration.ZERO, namespace));
        var b = made(twoTier(TTL, Duration.ZERO, namespace));
        assertThat(a.read("k", k -> "v")).isEqualTo(CacheRead.loaded("v"));
        Stores.landed(a);
        assertThat(a.read("k", k -> "other")).isEqualTo(CacheRead.hit("v", "l1"));
        assertThat(b.read("k", k -> "other")).isEqualTo(CacheRead.hit("v", "l2"));
        assertThat(b.read("k", k -> "other")).isEqualTo(CacheRead.hit("v", "l1"));

        CacheStats stats = ((Caches.Distributed<String, String>) b).stats();
        assertThat(stats.l1()).isEqualTo(new CacheStats.Tier(1, 1, 0));
        assertThat(stats.l2().hits()).isEqualTo(1);
        assertThat(stats.loads()).isZero();
        assertThat(stats.circuitState()).isEqualTo("closed");
        assertThat(stats.degraded()).isFalse();
    }
}
