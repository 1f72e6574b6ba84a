package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CacheRead;
import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two two-tier caches on one Redis, as two service instances would be. A Redis of this class's own,
 * so the test may cut pub/sub connections.
 */
class TwoTierCoherenceTest {

    private static RedisProcess server;
    private static RedisAdmin admin;
    private static int namespaces;

    private TwoTierCache<String, String> a;
    private TwoTierCache<String, String> b;

    @BeforeAll
    static void startRedis() {
        server = RedisProcess.start();
        admin = new RedisAdmin(server.uri());
        System.out.println("[celeris-test] coherence tests on " + server.description());
    }

    @AfterAll
    static void stopRedis() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void twoInstances() {
        String namespace = "coherence" + (++namespaces);
        a = instance(namespace);
        b = instance(namespace);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    /** @return false to run the lookups by script, as on a Redis before 7.0 ({@link TwoTierCoherenceByScriptTest}) */
    boolean plainLookups() {
        return true;
    }

    private TwoTierCache<String, String> instance(String namespace) {
        var cache = TestCaches.twoTier(TestCaches.l1(10_000, Duration.ofMinutes(10)),
                TestCaches.redis(server.uri(), "celeris:", Duration.ofMillis(50)),
                TestCaches.namespace(namespace, TestCaches.lifetime(Duration.ofMinutes(10), Duration.ZERO)));
        if (!plainLookups()) {
            cache.runtime().link.lookUpByScript();
        }
        awaitTrue(cache::healthy, "the cache is connected to Redis and subscribed");
        return cache;
    }

    @Test
    void anInvalidationOnOneInstanceDropsTheKeyFromTheOthersL1Promptly() {
        int n = 200;
        List<Long> micros = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String key = "k" + i;
            b.get(key, k -> "v");
            assertThat(b.holdsLocally(key)).isTrue();
            long start = System.nanoTime();
            a.invalidate(key);
            long deadline = start + Duration.ofSeconds(1).toNanos();
            while (b.holdsLocally(key) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(20_000);
            }
            assertThat(b.holdsLocally(key)).as("B still holds " + key + " after 1 s").isFalse();
            micros.add((System.nanoTime() - start) / 1_000);
        }
        Collections.sort(micros);
        long p50 = micros.get(n / 2);
        long p90 = micros.get(n * 90 / 100);
        long p99 = micros.get(n * 99 / 100);
        long max = micros.get(n - 1);
        System.out.printf("[celeris-test] invalidation A -> B's L1 over %d keys (µs): min %d, p50 %d, p90 %d, p99 %d,"
                + " max %d%n", n, micros.get(0), p50, p90, p99, max);
        assertThat(p99).as("p99 in µs").isLessThan(50_000);
        assertThat(b.stats().invalidationsReceived()).isGreaterThanOrEqualTo(n);
        assertThat(a.stats().invalidationsSent()).isEqualTo(n);
    }

    @Test
    void aSlowLoadThatReadTheOldValueLeavesItNeitherInRedisNorInL1() throws Exception {
        Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "old"));
        var loading = new CountDownLatch(1);
        var written = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> a.get("k", k -> {
            String read = source.get(k);
            loading.countDown();
            RaceSupport.await(written);
            return read;
        }));
        loading.await();
        // The write, on the other instance, while A's load holds the old value.
        source.put("k", "new");
        b.invalidate("k");
        written.countDown();
        reader.join();
        Stores.landed(a);

        awaitTrue(() -> a.stats().invalidationsReceived() >= 1, "A heard the invalidation");
        String redisKey = "celeris:" + namespaces() + ":v1:{k}";
        assertThat(admin.redis().get(redisKey)).as("Redis").isNull();
        assertThat(a.holdsLocally("k")).as("A's L1").isFalse();
        assertThat(a.get("k", source::get)).isEqualTo("new");
        assertThat(b.get("k", source::get)).isEqualTo("new");
    }

    @Test
    void aReadAfterAWriteOnTheSameInstanceDoesNotJoinALoadBegunBeforeIt() throws Exception {
        RaceSupport.aReadAfterAnInvalidationDoesNotJoinALoadBegunBeforeIt(a);
        Stores.landed(a);
        assertThat(b.get("k", k -> "loaded by B")).as("what Redis holds").isEqualTo("new");
    }

    @Test
    void aSlowLoadThatStartedBeforeAClearStoresNothing() throws Exception {
        Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "before"));
        var loading = new CountDownLatch(1);
        var cleared = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> a.get("k", k -> {
            String read = source.get(k);
            loading.countDown();
            RaceSupport.await(cleared);
            return read;
        }));
        loading.await();
        // A bulk change behind the cache's back, then the operator's clear, while A's load holds the old value.
        source.put("k", "after");
        a.invalidateAll();
        cleared.countDown();
        reader.join();
        Stores.landed(a);

        String redisKey = "celeris:" + namespaces() + ":v1:{k}";
        assertThat(admin.redis().get(redisKey)).as("Redis").isNull();
        assertThat(a.get("k", source::get)).isEqualTo("after");
        assertThat(b.get("k", source::get)).isEqualTo("after");
    }

    @Test
    void aReadReturnsBeforeItsStoreWhichLandsAfterwardsForTheOtherInstance() {
        var held = new Stores.Held();
        a.dispatchStoresWith(held);
        assertThat(a.read("k", k -> "v")).isEqualTo(CacheRead.loaded("v"));
        // The read has answered; its store has not even been sent.
        assertThat(held.size()).isEqualTo(1);
        String redisKey = "celeris:" + namespaces() + ":v1:{k}";
        assertThat(admin.redis().get(redisKey)).as("Redis before the store is sent").isNull();
        held.release();
        Stores.landed(a);
        assertThat(admin.redis().get(redisKey)).as("Redis after it landed").isEqualTo("v");
        assertThat(b.read("k", k -> "loaded by B")).isEqualTo(CacheRead.hit("v", RedisCache.TIER));
    }

    @Test
    void aStoreThatLandsAfterAWriteOnTheOtherInstanceStoresNothing() {
        Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "old"));
        var held = new Stores.Held();
        a.dispatchStoresWith(held);
        assertThat(a.get("k", source::get)).isEqualTo("old");
        // The write on B, after A's read answered and before A's store lands.
        source.put("k", "new");
        b.invalidate("k");
        held.release();
        Stores.landed(a);

        String redisKey = "celeris:" + namespaces() + ":v1:{k}";
        assertThat(admin.redis().get(redisKey)).as("Redis after A's late store").isNull();
        assertThat(b.get("k", k -> source.get(k))).isEqualTo("new");
        awaitTrue(() -> !a.holdsLocally("k"), "A heard the invalidation");
        assertThat(a.get("k", source::get)).isEqualTo("new");
    }

    @Test
    void aStoreThatLandsAfterAClearOnTheOtherInstanceStoresNothing() {
        Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "before"));
        var held = new Stores.Held();
        a.dispatchStoresWith(held);
        assertThat(a.get("k", source::get)).isEqualTo("before");
        // A bulk change behind the cache's back and the operator's clear on B, before A's store lands. The clear
        // deletes generations with the entries: the token A holds must not match what a later lookup finds.
        source.put("k", "after");
        b.invalidateAll();
        held.release();
        Stores.landed(a);

        String redisKey = "celeris:" + namespaces() + ":v1:{k}";
        assertThat(admin.redis().get(redisKey)).as("Redis after A's late store").isNull();
        assertThat(b.get("k", source::get)).isEqualTo("after");
    }

    @Test
    void aCircuitOpenedWhileEveryMessageIsHeardKeepsL1TrustedAndClearsNothingOnRecovery() {
        var redis = new RedisSettings(server.uri(), "celeris:", Duration.ofMillis(50), TestCaches.CONNECT_TIMEOUT,
                new RedisSettings.Breaker(10, 50, Duration.ofMillis(500)), Duration.ofMillis(100));
        try (var c = TestCaches.twoTier(TestCaches.l1(10_000, Duration.ofMinutes(10)), redis,
                TestCaches.namespace(namespaces(), TestCaches.lifetime(Duration.ofMinutes(10), Duration.ZERO)))) {
            awaitTrue(c::healthy, "C connected and subscribed");
            c.get("kept", k -> "v");
            c.get("dropped", k -> "v");
            // Commands fail (as they time out on a saturated machine) until the circuit opens; the bus hears on.
            for (int i = 0; i < 10 && "closed".equals(c.runtime().circuitState()); i++) {
                try {
                    c.runtime().link.call(commands -> {
                        throw new IllegalStateException("a command that failed");
                    });
                } catch (RedisUnavailableException expected) {
                    // counted by the breaker
                }
            }
            assertThat(c.runtime().circuitState()).isEqualTo("open");
            c.runtime().observe();
            assertThat(c.runtime().degraded()).isTrue();

            RedisProcess.sleep(300);
            assertThat(c.holdsLocally("kept")).as("past the degraded lifetime, every message heard").isTrue();
            b.invalidate("dropped");
            awaitTrue(() -> !c.holdsLocally("dropped"), "C heard B's invalidation while its circuit was open");

            awaitTrue(() -> !c.runtime().degraded(), "C back once the probe closed the circuit");
            assertThat(c.holdsLocally("kept")).as("kept through the recovery").isTrue();
            assertThat(c.stats().l1ClearsAfterReconnect()).isZero();
        }
    }

    @Test
    void aLostSubscriptionClearsL1() {
        for (int i = 0; i < 10; i++) {
            a.get("k" + i, k -> "v");
        }
        assertThat(a.holdsLocally("k0")).isTrue();
        admin.redis().clientKill(KillArgs.Builder.typePubsub());
        awaitTrue(() -> a.stats().l1ClearsAfterReconnect() >= 1, "A cleared L1 after resubscribing");
        for (int i = 0; i < 10; i++) {
            assertThat(a.holdsLocally("k" + i)).isFalse();
        }
        awaitTrue(a::healthy, "A healthy again");
        awaitTrue(b::healthy, "B healthy again");
        // And invalidations are heard again.
        b.get("again", k -> "v");
        a.invalidate("again");
        awaitTrue(() -> !b.holdsLocally("again"), "B heard the invalidation after the reconnect");
    }

    private static String namespaces() {
        return "coherence" + namespaces;
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        // Generous: on a loaded machine (2 cores, several builds) a connection or a message can take seconds.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
            RedisProcess.sleep(5);
        }
    }
}
