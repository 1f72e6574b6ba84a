package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The libraries keep their own meters: Caffeine's stats and Lettuce's command latencies show in the registry. */
class CacheMetersTest {

    @Test
    void caffeineCountsGetsAndEvictionsIntoTheRegistry() {
        var registry = new SimpleMeterRegistry();
        var cache = Caches.<Integer, Integer>inProcess(TestCaches.l1(10, Duration.ofMinutes(1)), "numbers", registry);
        for (int i = 0; i < 100; i++) {
            cache.get(i, k -> k);
        }
        cache.get(99, k -> k);
        assertThat(registry.get("cache.gets").tags("cache", "numbers", "result", "hit").functionCounter().count())
                .isPositive();
        double evictions = registry.get("cache.evictions").tags("cache", "numbers").functionCounter().count();
        assertThat(evictions).isPositive();
        assertThat((double) cache.stats().l1().evictions()).as("the same Caffeine counter").isEqualTo(evictions);
    }

    @Test
    void lettuceTimesEveryCommandOfTheRuntimeIntoTheRegistry() {
        var registry = new SimpleMeterRegistry();
        var settings = TestCaches.redis(RedisTestServer.uri(), "celeris-meters-test:", Duration.ofMillis(50));
        try (var redis = Caches.connect(settings, registry);
             var users = TestCaches.on(redis, TestCaches.l1(10, Duration.ofMinutes(1)),
                     TestCaches.namespace("meters", new Lifetime(Duration.ofMinutes(1), 0.1, Duration.ZERO)),
                     PerKeyInvalidation::new)) {
            TwoTierCoherenceTest.awaitTrue(redis::healthy, "connected");
            users.get("k", k -> "v");
            users.invalidate("k");
            TwoTierCoherenceTest.awaitTrue(() -> registry.find("lettuce.command.completion")
                    .tag("command", "EVALSHA").timer() != null, "Lettuce timed the scripts");
            assertThat(registry.get("lettuce.command.completion").tag("command", "EVALSHA").timer().count())
                    .isGreaterThanOrEqualTo(2);
            assertThat(registry.get("cache.gets").tags("cache", "meters").functionCounter()).isNotNull();
        } finally {
            RedisTestServer.deleteKeysStartingWith("celeris-meters-test:");
        }
    }
}
