package io.celeris.adapter.cache;

import static io.celeris.adapter.cache.TwoTierCoherenceTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A Redis that answers but refuses the connection (a wrong password, a database it does not have) is a setting to
 * fix, and the log says so with Redis's own words, once; it used to say only "not reachable", as for a network that
 * may come back, and the instance ran degraded for ever without a word of why.
 */
class RedisRefusalTest {

    @Test
    void aWrongPasswordOrDatabaseIsLoggedAsRedisAnsweredIt() {
        try (var server = RedisProcess.start()) {
            try (var admin = new RedisAdmin(server.uri())) {
                admin.redis().configSet("requirepass", "right-password");
            }
            String base = "127.0.0.1:" + server.port();
            expectRefusal("redis://:wrong-password@" + base, "WRONGPASS");
            expectRefusal("redis://" + base, "NOAUTH");
            expectRefusal("redis://:right-password@" + base + "/99", "DB index is out of range");
        }
    }

    private static void expectRefusal(String uri, String redisSays) {
        try (var linkLog = new LogCapture(RedisLink.class); var runtimeLog = new LogCapture(RedisRuntime.class);
             var runtime = RedisRuntime.start(TestCaches.redis(uri, "refusal:", Duration.ofMillis(200)),
                     CacheMeters.NONE)) {
            awaitTrue(() -> linkLog.warnings().stream().anyMatch(m -> m.contains(redisSays)), uri + ": " + redisSays);
            assertThat(linkLog.warnings()).as(uri).singleElement().asString()
                    .contains("refused the connection", "check REDIS_URL").doesNotContain("wrong-password");
            awaitTrue(() -> !runtimeLog.warnings().isEmpty(), "the start's warning");
            assertThat(runtimeLog.warnings()).as(uri).anyMatch(m -> m.contains("refused every connection")
                    && m.contains(redisSays) && !m.contains("not reachable"));
            assertThat(runtime.healthy()).isFalse();
        }
    }
}
