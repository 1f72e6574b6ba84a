package io.celeris.adapter.cache;

import static io.celeris.adapter.cache.TwoTierCoherenceTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.KillArgs;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every way into degraded mode is logged as a WARNING that says why: the command link lost, the subscription
 * dropped, the subscription silent. A Redis of each test's own, so it may be cut.
 */
class DegradedWarningTest {

    private RedisProcess server;
    private TwoTierCache<String, String> cache;
    private LogCapture log;

    @BeforeEach
    void start() {
        server = RedisProcess.start();
        cache = TestCaches.twoTier(TestCaches.l1(10_000, Duration.ofMinutes(10)),
                TestCaches.redis(server.uri(), "celeris:", Duration.ofMillis(50)),
                TestCaches.namespace("warnings", TestCaches.lifetime(Duration.ofMinutes(10), Duration.ZERO)));
        assertThat(cache.healthy()).isTrue();
        cache.get("k", k -> "v");
        log = new LogCapture(RedisRuntime.class);
    }

    @AfterEach
    void stop() {
        log.close();
        cache.close();
        server.close();
    }

    @Test
    void aDroppedSubscriptionIsAWarning() {
        try (var admin = new RedisAdmin(server.uri())) {
            admin.redis().clientKill(KillArgs.Builder.typePubsub());
        }
        awaitTrue(() -> log.warnings().stream().anyMatch(m -> m.contains("subscription dropped")
                || m.contains("resubscribed")), "a warning about the subscription");
        assertThat(cache.stats().l1ClearsAfterReconnect()).isZero();
        awaitTrue(() -> cache.stats().l1ClearsAfterReconnect() == 1, "L1 cleared when back");
    }

    @Test
    void aSilentSubscriptionIsDegradedWithAWarning() {
        cache.runtime().bus.stopHearing();
        awaitTrue(() -> cache.stats().degraded(), "degraded by the silence");
        // The flag is set a moment before the warning is written (see aLostLinkIsAWarning): wait for the line.
        awaitTrue(() -> log.warnings().stream().anyMatch(m -> m.contains("no invalidation heartbeat heard")),
                "a warning naming the silence");
        assertThat(cache.linkHealthy()).as("the command link itself is fine").isTrue();
    }

    @Test
    void aLostLinkIsAWarning() {
        server.kill();
        awaitTrue(() -> cache.stats().degraded(), "degraded");
        // The flag is set a moment before the warning is written: wait for the line, then there is exactly one.
        awaitTrue(() -> !log.warnings().isEmpty(), "a warning");
        assertThat(log.warnings()).hasSize(1).allMatch(m -> m.contains("degraded"));
    }
}
