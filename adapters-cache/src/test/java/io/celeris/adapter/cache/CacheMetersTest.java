package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The libraries keep their own meters: Caffeine's stats and Lettuce's command latencies show in the registry. */
class CacheMetersTest {

    @Test
    void caffeineCountsGetsAndEvictionsIntoTheRegistry() {
        MeterRegistry registry = Metrics.createMeterRegistry();
        var cache = Caches.<Integer, Integer>inProcess(TestCaches.l1(10, Duration.ofMinutes(1)), "numbers", registry);
        for (int i = 0; i < 100; i++) {
            cache.get(i, k -> k);
        }
        cache.get(99, k -> k);
        long hits = counter(registry, "cache.gets", Tag.create("cache", "numbers"), Tag.create("result", "hit"));
        assertThat(hits).isPositive();
        long evictions = counter(registry, "cache.evictions", Tag.create("cache", "numbers"));
        assertThat(evictions).isPositive();
        assertThat(cache.stats().l1().evictions()).as("the same Caffeine counter").isEqualTo(evictions);
        assertThat(registry.meter(Gauge.class, "cache.size", List.of(Tag.create("cache", "numbers")))).isPresent();
    }

    @Test
    void lettuceTimesEveryCommandOfTheRuntimeIntoTheRegistry() {
        MeterRegistry registry = Metrics.createMeterRegistry();
        var settings = TestCaches.redis(RedisTestServer.uri(), "celeris-meters-test:", Duration.ofMillis(50));
        try (var redis = Caches.connect(settings, CompletableFuture.completedFuture(registry));
             var users = TestCaches.on(redis, TestCaches.l1(10, Duration.ofMinutes(1)),
                     TestCaches.namespace("meters", new Lifetime(Duration.ofMinutes(1), 0.1, Duration.ZERO)),
                     PerKeyInvalidation::new)) {
            TwoTierCoherenceTest.awaitTrue(redis::healthy, "connected");
            users.get("k", k -> "v");
            users.invalidate("k");
            // The lookup's two commands and the invalidation's script.
            TwoTierCoherenceTest.awaitTrue(() -> timed(registry, "SET") >= 1 && timed(registry, "GET") >= 1
                    && timed(registry, "EVALSHA") >= 1, "Lettuce timed the lookup and the invalidation");
            assertThat(counter(registry, "cache.gets", Tag.create("cache", "meters"), Tag.create("result", "miss")))
                    .isPositive();
        } finally {
            RedisTestServer.deleteKeysStartingWith("celeris-meters-test:");
        }
    }

    /**
     * Lettuce registers a timer the first time a command is answered, on its I/O thread, while the service may be
     * registering its own meters on another: with Lettuce's Micrometer recorder straight on the registry under
     * Helidon's, the two threads took Helidon's and Micrometer's locks in opposite orders and deadlocked.
     */
    @Test
    void newCommandsAndNewMetersRegisteredAtOnceNeverDeadlock() {
        MeterRegistry registry = Metrics.createMeterRegistry();
        CacheMeters meters = CacheMeters.in(registry);
        var recorder = meters.lettuce();
        var address = new InetSocketAddress("127.0.0.1", 6379);
        int rounds = 2_000;
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            var go = new CountDownLatch(1);
            Thread io = Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = 0; i < rounds; i++) {
                    recorder.recordCommandLatency(address, address, command("CMD" + i), 1_000, 2_000);
                }
            });
            Thread service = Thread.ofPlatform().start(() -> {
                await(go);
                for (int i = 0; i < rounds; i++) {
                    registry.getOrCreate(Gauge.builder("celeris.test.gauge" + i, () -> 1));
                    if (i % 10 == 0) {
                        meters.bind(com.github.benmanes.caffeine.cache.Caffeine.newBuilder().recordStats().build(),
                                "c" + i);
                    }
                }
            });
            go.countDown();
            io.join();
            service.join();
        });
        assertThat(registry.meter(Timer.class, "lettuce.command.completion",
                List.of(Tag.create("command", "CMD" + (rounds - 1))))).isPresent();
    }

    /**
     * At start-up Redis connects while Helidon's metrics are still starting: commands answered before the registry is
     * up go untimed rather than holding Lettuce's I/O thread; from then on they are timed.
     */
    @Test
    void commandsAnsweredBeforeTheRegistryIsUpAreNotTimedNorWaitedFor() {
        var registryToCome = new java.util.concurrent.CompletableFuture<MeterRegistry>();
        var recorder = CacheMeters.when(registryToCome).lettuce();
        var address = new InetSocketAddress("127.0.0.1", 6379);
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> recorder.recordCommandLatency(address, address, command("EARLY"), 1_000, 2_000));
        MeterRegistry registry = Metrics.createMeterRegistry();
        registryToCome.complete(registry);
        recorder.recordCommandLatency(address, address, command("EARLY"), 1_000, 2_000);
        Timer early = registry.meter(Timer.class, "lettuce.command.completion", List.of(Tag.create("command", "EARLY")))
                .orElseThrow();
        assertThat(early.count()).as("only the command answered once the registry was up").isEqualTo(1);
    }

    /** @return how many of the command Lettuce has timed so far */
    private static long timed(MeterRegistry registry, String command) {
        return registry.meter(Timer.class, "lettuce.command.completion", List.of(Tag.create("command", command)))
                .map(Timer::count).orElse(0L);
    }

    private static long counter(MeterRegistry registry, String name, Tag... tags) {
        return registry.meter(FunctionalCounter.class, name, List.of(tags)).orElseThrow().count();
    }

    private static ProtocolKeyword command(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return new ProtocolKeyword() {
            @Override
            public byte[] getBytes() {
                return bytes;
            }

            @Override
            public String toString() {
                return name;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof ProtocolKeyword k && k.toString().equals(name);
            }

            @Override
            public int hashCode() {
                return name.hashCode();
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
