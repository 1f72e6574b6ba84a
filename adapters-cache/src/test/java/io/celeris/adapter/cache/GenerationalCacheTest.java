package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.testing.CachePortContract;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache contract on a generational two-tier cache (the first pages of listings), on the shared test Redis.
 * One difference, by design: invalidating one key moves the whole namespace on, so it drops every key.
 */
class GenerationalCacheTest extends CachePortContract {

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

    @Override
    protected CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        var lifetime = TestCaches.lifetime(ttl, maxStale);
        var cache = TestCaches.generational(new L1Settings(10_000, lifetime),
                TestCaches.redis(RedisTestServer.uri(), PREFIX, Duration.ofSeconds(1)),
                TestCaches.namespace("gen" + NAMESPACES.incrementAndGet(), lifetime), nanos::get);
        // The runtime waits its 1 s connect timeout once; a loaded machine (load 25 seen) may take longer to connect.
        TwoTierCoherenceTest.awaitTrue(() -> cache.generation() >= 0, "the generation is known once connected");
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
    @Override
    protected void invalidateDropsOneKey() {
        cache.put("a", "1");
        cache.put("b", "2");
        long before = ((TwoTierCache<?, ?>) cache).generation();
        cache.invalidate("a");
        assertThat(cache.getIfPresent("a")).isEmpty();
        assertThat(cache.getIfPresent("b")).as("generational: one key moves them all").isEmpty();
        assertThat(((TwoTierCache<?, ?>) cache).generation()).isEqualTo(before + 1);
    }
}
