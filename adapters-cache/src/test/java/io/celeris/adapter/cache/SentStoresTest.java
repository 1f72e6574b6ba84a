package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stores are sent without waiting, so they need bounds of their own: on a frozen Redis (nothing answers, no connection
 * resets) at most {@link RedisLink#MAX_IN_FLIGHT} are unanswered, the next are dropped and counted, never queued; and
 * closing lets those already sent land before the connection goes. They are written in batches: those of one
 * {@link RedisLink#STORE_WINDOW window} together, a full {@link RedisLink#STORE_BATCH batch} at once.
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
                    CompletionStage<String> answer = runtime.link.sendBuffered(redis -> redis.set(key, bytes("v")));
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
            assertThat(runtime.link.sendBuffered(redis -> redis.set("again", bytes("v")))).as("room again")
                    .isNotNull();
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

    /** A link of its own with the stores' window given, on resources closed with it. */
    private record Link(ClientResources resources, RedisConnector connector, RedisLink link) implements AutoCloseable {

        static Link open(RedisProcess server, Duration window) {
            var settings = TestCaches.redis(server.uri(), "unused:", Duration.ofSeconds(5));
            var resources = ClientResources.create();
            var connector = RedisConnector.create(settings, resources);
            var link = new RedisLink(connector, settings, window);
            link.check();
            assertThat(link.connected()).as("connected to " + server.uri()).isTrue();
            return new Link(resources, connector, link);
        }

        @Override
        public void close() {
            link.close();
            connector.close();
            resources.shutdown(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void storesWaitForTheirWindowAndAFullBatchIsWrittenAtOnce() {
        try (var server = RedisProcess.start(); var admin = new RedisAdmin(server.uri());
             var stores = Link.open(server, Duration.ofMinutes(5))) {
            for (int i = 0; i < RedisLink.STORE_BATCH - 1; i++) {
                String key = "batch" + i;
                assertThat(stores.link().sendBuffered(redis -> redis.set(key, bytes("v")))).isNotNull();
            }
            RedisProcess.sleep(300);
            assertThat(admin.redis().exists("batch0")).as("a store in a window not over yet").isZero();
            assertThat(stores.link().awaitSent(Duration.ofMillis(100))).as("answered before they are written").isFalse();

            String last = "batch" + (RedisLink.STORE_BATCH - 1);
            stores.link().sendBuffered(redis -> redis.set(last, bytes("v")));
            assertThat(stores.link().awaitSent(Duration.ofSeconds(5))).as("the full batch answered").isTrue();
            assertThat(admin.redis().dbsize()).isEqualTo(RedisLink.STORE_BATCH);
        }
    }

    @Test
    void aStoreAloneIsWrittenWhenItsWindowEnds() {
        try (var server = RedisProcess.start(); var admin = new RedisAdmin(server.uri());
             var stores = Link.open(server, Duration.ofMillis(300))) {
            long start = System.nanoTime();
            stores.link().sendBuffered(redis -> redis.set("alone", bytes("v")));
            assertThat(stores.link().awaitSent(Duration.ofSeconds(5))).as("answered after its window").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("held for the window")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(250));
            assertThat(admin.redis().get("alone")).isEqualTo("v");
        }
    }

    @Test
    void closingWritesTheStoresStillInTheBuffer() {
        try (var server = RedisProcess.start(); var admin = new RedisAdmin(server.uri())) {
            var stores = Link.open(server, Duration.ofMinutes(5));
            CompletionStage<String> answer = stores.link().sendBuffered(redis -> redis.set("buffered", bytes("v")));
            stores.close();
            assertThat(answer.toCompletableFuture().join()).isEqualTo("OK");
            assertThat(admin.redis().get("buffered")).isEqualTo("v");
        }
    }

    @Test
    void aScriptRedisDoesNotKnowIsSentWholeAndWrittenToo() {
        try (var server = RedisProcess.start(); var admin = new RedisAdmin(server.uri());
             var stores = Link.open(server, Duration.ofMillis(50))) {
            admin.redis().scriptFlush(); // as after a restart of Redis: EVALSHA answers NOSCRIPT
            var script = RedisScript.of("redis.call('SET', KEYS[1], ARGV[1]) return 1", ScriptOutputType.INTEGER);
            CompletionStage<Long> answer = stores.link().sendBuffered(redis -> script.send(redis,
                    stores.link()::flushStores, new String[] {"scripted"}, bytes("v")));
            assertThat(stores.link().awaitSent(Duration.ofSeconds(2))).as("answered, not timed out").isTrue();
            assertThat(answer.toCompletableFuture().join()).isEqualTo(1L);
            assertThat(admin.redis().get("scripted")).isEqualTo("v");
        }
    }
}
