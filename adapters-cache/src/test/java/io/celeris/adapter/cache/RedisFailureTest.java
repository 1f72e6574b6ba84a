package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Redis killed and restarted, and frozen, under reads through two instances: callers never see an
 * exception, never wait much longer than the command timeout, and never read a value older than the
 * source had when their read began; after recovery both instances read what the source holds.
 */
class RedisFailureTest {

    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(50);
    private static final long MARGIN_MILLIS = 100;
    private static final int KEYS = 20;

    private final Map<String, Integer> source = new ConcurrentHashMap<>();
    // The last version whose write has finished (source changed, then the cache invalidated): a read
    // that starts later must see at least that one.
    private final Map<String, Integer> written = new ConcurrentHashMap<>();
    private final AtomicInteger sourceReads = new AtomicInteger();

    private TwoTierCache<String, String> instance(RedisProcess server) {
        return TestCaches.twoTier(TestCaches.l1(10_000, Duration.ofMinutes(10)),
                new RedisSettings(server.uri(), "celeris:", COMMAND_TIMEOUT, TestCaches.CONNECT_TIMEOUT,
                        new RedisSettings.Breaker(10, 50, Duration.ofMillis(200)), Duration.ofMillis(200)),
                TestCaches.namespace("failure", new Lifetime(Duration.ofMinutes(10), 0.1, Duration.ZERO)));
    }

    private String load(String key) {
        sourceReads.incrementAndGet();
        return key + "@" + source.get(key);
    }

    private static int version(String value) {
        return Integer.parseInt(value.substring(value.indexOf('@') + 1));
    }

    @Test
    void killedAndRestartedUnderLoad() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            source.put("k" + i, 0);
            written.put("k" + i, 0);
        }
        try (var server = RedisProcess.start();
             var a = instance(server);
             var b = instance(server)) {
            var running = new AtomicBoolean(true);
            var failures = new ConcurrentLinkedQueue<String>();
            var durations = new ConcurrentLinkedQueue<Long>();
            var threads = new ArrayList<Thread>();
            for (int t = 0; t < 4; t++) {
                var cache = t % 2 == 0 ? a : b;
                boolean strict = cache == a;
                threads.add(Thread.ofVirtual().start(() -> read(cache, strict, running, failures, durations)));
            }
            // Writes go through A: the source changes, then A invalidates, as the services do.
            threads.add(Thread.ofVirtual().start(() -> {
                int i = 0;
                while (running.get()) {
                    String key = "k" + (i++ % KEYS);
                    int version = source.merge(key, 1, Integer::sum);
                    a.invalidate(key);
                    written.put(key, version);
                    RedisProcess.sleep(7);
                }
            }));

            RedisProcess.sleep(500);
            server.kill();
            TwoTierCoherenceTest.awaitTrue(() -> !a.healthy() && !b.healthy(), "both degraded");
            RedisProcess.sleep(1_000);
            server.restart();
            TwoTierCoherenceTest.awaitTrue(() -> a.healthy() && b.healthy(), "both healthy again");
            RedisProcess.sleep(500);
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }

            List<Long> sorted = new ArrayList<>(durations);
            Collections.sort(sorted);
            System.out.printf("[celeris-test] %d reads while Redis was killed and restarted (µs): p50 %d, p99 %d,"
                    + " max %d; A %s; B %s%n", sorted.size(), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() * 99 / 100), sorted.get(sorted.size() - 1), a.stats(), b.stats());
            assertThat(failures).isEmpty();
            assertThat(sorted.get(sorted.size() - 1)).as("slowest read, µs")
                    .isLessThan((COMMAND_TIMEOUT.toMillis() + MARGIN_MILLIS) * 1_000);
            assertThat(a.stats().l1ClearsAfterReconnect()).isPositive();
            assertThat(b.stats().l1ClearsAfterReconnect()).isPositive();
            for (int i = 0; i < KEYS; i++) {
                String key = "k" + i;
                assertThat(a.get(key, this::load)).isEqualTo(key + "@" + source.get(key));
                assertThat(b.get(key, this::load)).isEqualTo(key + "@" + source.get(key));
            }
        }
    }

    private void read(TwoTierCache<String, String> cache, boolean strict, AtomicBoolean running,
                      ConcurrentLinkedQueue<String> failures, ConcurrentLinkedQueue<Long> durations) {
        int i = 0;
        while (running.get()) {
            String key = "k" + (i++ % KEYS);
            int before = written.get(key);
            long start = System.nanoTime();
            try {
                String value = cache.get(key, this::load);
                durations.add((System.nanoTime() - start) / 1_000);
                // A hears its own writes at once; B may lag by the degraded lifetime while Redis is down.
                if (strict && version(value) < before) {
                    failures.add(key + ": read " + value + " after version " + before + " was written");
                }
            } catch (RuntimeException e) {
                failures.add(key + ": " + e);
            }
            RedisProcess.sleep(1);
        }
    }

    @Test
    void aFrozenRedisOpensTheCircuitSoReadsStopWaitingAndItClosesAgain() {
        try (var server = RedisProcess.start(); var a = instance(server)) {
            a.get("k", k -> "v");
            server.pause(true);
            try {
                long slowest = 0;
                for (int i = 0; i < 30 && !"open".equals(a.stats().circuitState()); i++) {
                    a.invalidate("k");
                    long start = System.nanoTime();
                    assertThat(a.get("k", k -> "v")).isEqualTo("v");
                    slowest = Math.max(slowest, System.nanoTime() - start);
                }
                assertThat(a.stats().circuitState()).isEqualTo("open");
                assertThat(Duration.ofNanos(slowest)).isLessThan(COMMAND_TIMEOUT.plusMillis(MARGIN_MILLIS));
                long start = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    a.invalidate("k");
                    a.get("k", k -> "v");
                }
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("20 writes and reads with the circuit open")
                        .isLessThan(COMMAND_TIMEOUT);
                assertThat(a.stats().redisRejected()).isPositive();
            } finally {
                server.pause(false);
            }
            TwoTierCoherenceTest.awaitTrue(a::healthy, "the circuit closed by itself");
            assertThat(a.stats().circuitState()).isEqualTo("closed");
        }
    }

    @Test
    void redisDownAtStartupRunsOnL1AloneAndRecoversByItself() {
        var server = RedisProcess.start();
        server.kill();
        try (var a = instance(server)) {
            assertThat(a.healthy()).isFalse();
            assertThat(a.read("k", k -> "v").value()).isEqualTo("v");
            assertThat(a.stats().degraded()).isTrue();
            server.restart();
            TwoTierCoherenceTest.awaitTrue(a::healthy, "connected once Redis is up");
            try (var admin = new RedisAdmin(server.uri())) {
                // A store that fails is dropped, not retried (it only saves the next reader a load), and on a loaded
                // machine the first commands to a Redis that has just started can time out: read again until one
                // lands. Stores that never reach Redis after the restart still fail this.
                TwoTierCoherenceTest.awaitTrue(() -> {
                    a.invalidate("k");
                    assertThat(a.read("k", k -> "w").value()).isEqualTo("w");
                    RedisProcess.sleep(50);
                    return "w".equals(admin.redis().get("celeris:failure:v1:{k}"));
                }, "the value reached Redis");
            }
        } finally {
            server.close();
        }
    }

    /** A runtime opened without waiting on a Redis that is down, with this connect timeout and degraded lifetime. */
    private static RedisRuntime opened(RedisProcess down, Duration connectTimeout, Duration degradedTtl) {
        return RedisRuntime.open(new RedisSettings(down.uri(), "celeris:", COMMAND_TIMEOUT, connectTimeout,
                new RedisSettings.Breaker(10, 50, Duration.ofMillis(200)), degradedTtl), CacheMeters.NONE);
    }

    /** A per-key cache on the runtime, its entries good for 10 minutes. */
    private static TwoTierCache<String, String> cacheOn(RedisRuntime runtime, String namespace) {
        return TestCaches.on(runtime, TestCaches.l1(10_000, Duration.ofMinutes(10)),
                TestCaches.namespace(namespace, new Lifetime(Duration.ofMinutes(10), 0.1, Duration.ZERO)),
                PerKeyInvalidation::new);
    }

    /**
     * A runtime does not wait for Redis ({@link RedisRuntime#open}): its caches serve from L1 alone until Redis is
     * first reached, and then drop what they took in meanwhile, when no invalidation could have reached them; even
     * if the degraded lifetime would have kept it.
     */
    @Test
    void whatWasCachedBeforeRedisWasFirstReachedIsDroppedThen() {
        var server = RedisProcess.start();
        server.kill();
        try (var runtime = opened(server, Duration.ofSeconds(30), Duration.ofMinutes(10))) {
            var a = cacheOn(runtime, "first");
            assertThat(runtime.starting()).as("not reached, connect timeout not over").isTrue();
            assertThat(a.read("k", k -> "before").value()).isEqualTo("before");
            assertThat(a.read("k", k -> "again").value()).as("served from L1 meanwhile").isEqualTo("before");
            server.restart();
            // Reached: healthy, and the caches told (the runtime stops starting only after that).
            TwoTierCoherenceTest.awaitTrue(() -> !runtime.starting(), "connected once Redis is up");
            assertThat(a.healthy()).isTrue();
            // Another instance may have written "k" while this one heard nothing: its copy went at the connection.
            assertThat(a.read("k", k -> "after").value()).isEqualTo("after");
            assertThat(a.stats().l1ClearsAfterReconnect()).as("a first connection is no outage").isZero();
        } finally {
            server.close();
        }
    }

    /**
     * Reads do not wait for Redis at start, writes do: a write's invalidation taken while the runtime first connects
     * goes out once Redis is reached (so the other instances hear of it at once), not into the replay queue.
     */
    @Test
    void aWriteWhileTheRuntimeStartsWaitsForRedisThenReachesIt() throws Exception {
        var server = RedisProcess.start();
        server.kill();
        try (var runtime = opened(server, Duration.ofSeconds(30), Duration.ofMinutes(10))) {
            var a = cacheOn(runtime, "start-write");
            assertThat(a.read("k", k -> "v").value()).as("reads go on meanwhile").isEqualTo("v");
            var invalidated = new java.util.concurrent.CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                a.invalidate("k");
                invalidated.countDown();
            });
            assertThat(invalidated.await(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("the write waits while Redis is first being reached").isFalse();
            server.restart();
            assertThat(invalidated.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("and goes on once it is")
                    .isTrue();
            assertThat(runtime.starting()).isFalse();
            assertThat(a.stats().invalidationsSent()).as("told the others").isPositive();
        } finally {
            server.close();
        }
    }

    @Test
    void aRuntimeThatCannotReachRedisStopsStartingAfterTheConnectTimeout() {
        var server = RedisProcess.start();
        server.kill();
        long t0 = System.nanoTime();
        try (var runtime = opened(server, Duration.ofSeconds(3), Duration.ofMillis(200))) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("open does not wait")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(runtime.starting()).isTrue();
            TwoTierCoherenceTest.awaitTrue(() -> !runtime.starting(), "no longer starting");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(runtime.degraded()).isTrue();
        } finally {
            server.close();
        }
    }
}
