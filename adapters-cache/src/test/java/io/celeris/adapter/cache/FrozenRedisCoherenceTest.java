package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Redis frozen ({@code kill -STOP}: no connection is reset, nothing answers) while instance A's circuit is open and
 * A writes, thawed 2 s later: every invalidation A could not publish reaches B after the thaw (after the deletes A
 * could not make), and a generational cache that recovers moves its generation on. B then serves the new value within the
 * degraded lifetime (1 s) for per-key entries, first pages and totals, and keeps serving it. Each instance is one
 * {@link RedisRuntime} under three caches, as the service wires them.
 */
class FrozenRedisCoherenceTest {

    private static final Duration DEGRADED_TTL = Duration.ofSeconds(1);
    /** Room for a loaded 2-core machine to run the background checks on time. */
    private static final Duration SCHEDULING_MARGIN = Duration.ofMillis(500);

    private final Map<String, String> source = new ConcurrentHashMap<>(Map.of("user", "old", "page", "old",
            "total", "old"));

    /** One service instance: one runtime, a per-key cache and two generational ones on it. */
    private record Instance(RedisRuntime redis, TwoTierCache<String, String> users,
                            TwoTierCache<String, String> pages, TwoTierCache<String, String> totals)
            implements AutoCloseable {

        static Instance on(RedisProcess server) {
            var breaker = new RedisSettings.Breaker(10, 50, Duration.ofMillis(200));
            var redis = RedisRuntime.start(new RedisSettings(server.uri(), "celeris:", Duration.ofMillis(50),
                    TestCaches.CONNECT_TIMEOUT, breaker, DEGRADED_TTL), CacheMeters.NONE);
            var l1 = TestCaches.l1(10_000, Duration.ofMinutes(10));
            var inRedis = new Lifetime(Duration.ofMinutes(10), 0.1, Duration.ZERO);
            return new Instance(redis,
                    TestCaches.on(redis, l1, TestCaches.namespace("user", inRedis), PerKeyInvalidation::new),
                    TestCaches.on(redis, l1, TestCaches.namespace("page", inRedis), GenerationalInvalidation::new),
                    TestCaches.on(redis, l1, TestCaches.namespace("total", inRedis), GenerationalInvalidation::new));
        }

        boolean allFresh(Map<String, String> source) {
            return source.get("user").equals(users.get("x", k -> source.get("user")))
                    && source.get("page").equals(pages.get("page", source::get))
                    && source.get("total").equals(totals.get("total", source::get));
        }

        @Override
        public void close() {
            users.close();
            pages.close();
            totals.close();
            redis.close();
        }
    }

    @Test
    void aWriteOnAWhileRedisIsFrozenAndItsCircuitOpenReachesBAfterTheThaw() {
        try (var server = RedisProcess.start(); var a = Instance.on(server); var b = Instance.on(server)) {
            assertThat(a.redis().healthy() && b.redis().healthy()).isTrue();
            assertThat(b.allFresh(source)).isTrue();
            assertThat(a.allFresh(source)).isTrue();
            assertThat(b.users().holdsLocally("x")).isTrue();

            server.pause(true);
            long frozenAt = System.nanoTime();
            try {
                // A's reads time out until its circuit opens.
                for (int i = 0; i < 100 && !"open".equals(a.redis().circuitState()); i++) {
                    a.users().invalidate("warm" + i);
                }
                assertThat(a.redis().circuitState()).isEqualTo("open");
                // The write, as the services make it: the source, then the caches.
                source.replaceAll((k, v) -> "new");
                a.users().invalidate("x");
                a.pages().invalidateAll();
                a.totals().invalidateAll();
                // B keeps reading all along: with the old code it answered from L1, so nothing ever told it.
                while (System.nanoTime() - frozenAt < Duration.ofSeconds(2).toNanos()) {
                    b.allFresh(source);
                    RedisProcess.sleep(50);
                }
            } finally {
                server.pause(false);
            }
            long thawedAt = System.nanoTime();
            long firstFresh = -1;
            while (System.nanoTime() - thawedAt < DEGRADED_TTL.plus(SCHEDULING_MARGIN).toNanos()) {
                if (!b.allFresh(source)) {
                    firstFresh = -1;
                } else if (firstFresh < 0) {
                    firstFresh = System.nanoTime() - thawedAt;
                }
                RedisProcess.sleep(10);
            }
            System.out.printf("[celeris-test] B fresh from %d ms after the thaw on; A %s; B %s%n",
                    firstFresh / 1_000_000, a.users().stats(), b.users().stats());
            // From the bound on, B answers what the source holds, and keeps doing so once both are healthy again:
            // nothing old comes back from Redis or from L1.
            assertThat(b.users().get("x", k -> source.get("user"))).as("B's user x after the thaw").isEqualTo("new");
            assertThat(b.pages().get("page", source::get)).as("B's first page after the thaw").isEqualTo("new");
            assertThat(b.totals().get("total", source::get)).as("B's total after the thaw").isEqualTo("new");
            TwoTierCoherenceTest.awaitTrue(() -> a.redis().healthy() && b.redis().healthy(), "both healthy");
            long until = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < until) {
                assertThat(b.allFresh(source)).as("B fresh after recovery").isTrue();
                RedisProcess.sleep(20);
            }
            assertThat(firstFresh).as("ns from the thaw until B answers fresh for good")
                    .isBetween(0L, DEGRADED_TTL.toNanos());
            assertThat(b.users().holdsLocally("x")).as("B caches x again").isTrue();
        }
    }
}
