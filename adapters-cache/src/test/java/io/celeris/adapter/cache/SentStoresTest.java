package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Stores are sent without waiting, so they need bounds of their own: on a frozen Redis (nothing answers, no connection
 * resets) at most {@link RedisLink#MAX_IN_FLIGHT} are unanswered, the next are dropped and counted, never queued; and
 * closing lets those already sent land before the connection goes.
 */
class SentStoresTest {

    private static RedisRuntime runtime(RedisProcess server) {
        // Long enough that nothing times out while the test holds Redis frozen.
        var settings = TestCaches.redis(server.uri(), "unused:", Duration.ofSeconds(5));
        var runtime = RedisRuntime.start(settings, CacheMeters.NONE);
        TwoTierCoherenceTest.awaitTrue(runtime.link::healthy, "connected to " + server.uri());
        return runtime;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pastTheBoundStoresAreDroppedAndCountedNotQueued() {
        try (var server = RedisProcess.start(); var runtime = runtime(server)) {
            List<CompletionStage<String>> sent = new ArrayList<>();
            int notSent = 0;
            server.pause(true);
            try {
                for (int i = 0; i < RedisLink.MAX_IN_FLIGHT + 100; i++) {
                    String key = "k" + i;
                    CompletionStage<String> answer = runtime.link.send(redis -> redis.set(key, bytes("v")));
                    if (answer == null) {
                        notSent++;
                    } else {
                        sent.add(answer);
                    }
                }
                assertThat(sent).as("sent while nothing answers").hasSize(RedisLink.MAX_IN_FLIGHT);
                assertThat(notSent).isEqualTo(100);
                assertThat(runtime.link.dropped.sum()).as("counted as dropped").isEqualTo(100);
                assertThat(runtime.link.awaitSent(Duration.ofMillis(200))).as("all answered while frozen").isFalse();
            } finally {
                server.pause(false);
            }
            assertThat(runtime.link.awaitSent(Duration.ofSeconds(5))).as("all answered after the thaw").isTrue();
            assertThat(sent).allSatisfy(answer -> assertThat(answer.toCompletableFuture().join()).isEqualTo("OK"));
            assertThat(runtime.link.send(redis -> redis.set("again", bytes("v")))).as("room again").isNotNull();
            assertThat(runtime.link.errors.sum()).isZero();
        }
    }

    @Test
    void closingLetsTheStoresAlreadySentLand() throws Exception {
        try (var server = RedisProcess.start(); var runtime = runtime(server)) {
            CompletionStage<String> answer;
            Thread closing;
            server.pause(true);
            try {
                answer = runtime.link.send(redis -> redis.set("landed", bytes("yes")));
                assertThat(answer).isNotNull();
                closing = Thread.ofVirtual().start(runtime.link::close);
                RedisProcess.sleep(300);
                assertThat(closing.isAlive()).as("closing waits for the store").isTrue();
                assertThat(runtime.link.send(redis -> redis.set("late", bytes("no")))).as("sent while closing")
                        .isNull();
            } finally {
                server.pause(false);
            }
            closing.join();
            assertThat(answer.toCompletableFuture().join()).as("the store's answer").isEqualTo("OK");
            try (var admin = new RedisAdmin(server.uri())) {
                assertThat(admin.redis().get("landed")).isEqualTo("yes");
            }
        }
    }
}
