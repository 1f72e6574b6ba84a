package io.celeris.adapter.cache;

import static io.celeris.adapter.cache.TwoTierCoherenceTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two generational caches (the first pages of listings) on one Redis, as two service instances would be: a
 * Redis of this class's own, so the test may freeze and restart it.
 */
class GenerationalCoherenceTest {

    private static RedisProcess server;
    private static RedisAdmin admin;
    private static int namespaces;

    private final Map<String, String> source = new ConcurrentHashMap<>();
    private final AtomicInteger loads = new AtomicInteger();
    private TwoTierCache<String, String> a;
    private TwoTierCache<String, String> b;

    @BeforeAll
    static void startRedis() {
        server = RedisProcess.start();
        admin = new RedisAdmin(server.uri());
    }

    @AfterAll
    static void stopRedis() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void twoInstances() {
        String namespace = "pages" + (++namespaces);
        a = instance(namespace);
        b = instance(namespace);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private TwoTierCache<String, String> instance(String namespace) {
        var cache = TestCaches.generational(TestCaches.l1(10_000, Duration.ofMinutes(10)),
                TestCaches.redis(server.uri(), "celeris:", Duration.ofMillis(50)),
                TestCaches.namespace(namespace, TestCaches.lifetime(Duration.ofMinutes(10), Duration.ZERO)),
                System::nanoTime);
        awaitTrue(cache::healthy, "the cache is connected to Redis and subscribed");
        return cache;
    }

    private String load(String key) {
        loads.incrementAndGet();
        return source.get(key);
    }

    private long generationInRedis() {
        String g = admin.redis().get("celeris:" + "pages" + namespaces + ":v1:generation");
        return g == null ? 0 : Long.parseLong(g);
    }

    @Test
    void aWriteOnOneInstanceDropsEveryPageOnEveryInstance() {
        for (int i = 0; i < 20; i++) {
            source.put("p" + i, "old" + i);
            assertThat(b.get("p" + i, this::load)).isEqualTo("old" + i);
        }
        Stores.landed(b);
        assertThat(a.get("p0", this::load)).as("from Redis, stored by B").isEqualTo("old0");
        assertThat(loads).hasValue(20);

        source.replaceAll((k, v) -> v.replace("old", "new"));
        long before = generationInRedis();
        a.invalidateAll();
        assertThat(generationInRedis()).isEqualTo(before + 1);
        assertThat(a.get("p0", this::load)).as("read-your-writes on the writer").isEqualTo("new0");
        awaitTrue(() -> b.generation() == a.generation(), "B heard the new generation");
        for (int i = 0; i < 20; i++) {
            assertThat(b.get("p" + i, this::load)).isEqualTo("new" + i);
        }
        assertThat(a.stats().invalidationsSent()).isEqualTo(1);
    }

    @Test
    void aLoadThatStartedBeforeAWriteNeverServesWhatItReadAfterIt() throws Exception {
        source.put("p", "old");
        var loading = new CountDownLatch(1);
        var written = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> a.get("p", k -> {
            String read = source.get(k);
            loading.countDown();
            RaceSupport.await(written);
            return read;
        }));
        loading.await();
        source.put("p", "new");
        b.invalidateAll();
        awaitTrue(() -> a.generation() == b.generation(), "A heard the new generation");
        written.countDown();
        reader.join();
        assertThat(a.get("p", this::load)).isEqualTo("new");
        assertThat(b.get("p", this::load)).isEqualTo("new");
    }

    @Test
    void aWriteWhileRedisIsFrozenCachesNothingAndMovesTheGenerationOnOnceRedisAnswers() {
        source.put("p", "old");
        assertThat(b.get("p", this::load)).isEqualTo("old");
        long before = generationInRedis();
        server.pause(true);
        try {
            source.put("p", "new");
            a.invalidateAll(); // the INCR times out: A knows its pages may be stale everywhere
            assertThat(a.generation()).isNegative();
            int loadsBefore = loads.get();
            assertThat(a.get("p", this::load)).isEqualTo("new");
            assertThat(a.get("p", this::load)).isEqualTo("new");
            assertThat(loads.get() - loadsBefore).as("nothing cached while the generation is unknown").isEqualTo(2);
        } finally {
            server.pause(false);
        }
        awaitTrue(() -> a.generation() >= 0 && b.generation() == a.generation(), "both on the moved generation");
        assertThat(generationInRedis()).isGreaterThan(before);
        assertThat(b.get("p", this::load)).isEqualTo("new");
        assertThat(a.get("p", this::load)).isEqualTo("new");
    }

    @Test
    void afterARedisRestartBothFollowTheCounterAgainEvenThoughItStartedOver() {
        for (int i = 0; i < 3; i++) {
            a.invalidateAll();
        }
        awaitTrue(() -> b.generation() == 3, "B on generation 3");
        server.kill();
        server.restart(); // keeps nothing: the counter starts over from 0
        // Each moves the restarted counter on once as it recovers (the gap may hide a write): 1, then 2.
        awaitTrue(() -> a.healthy() && b.healthy() && generationInRedis() == 2 && a.generation() == 2
                && b.generation() == 2, "both back, on Redis's new generation 2");
        source.put("p", "before");
        assertThat(a.get("p", this::load)).isEqualTo("before");
        source.put("p", "after");
        b.invalidateAll(); // A came down from its old 3 to 2 (set, not max), and still hears what comes next
        awaitTrue(() -> a.generation() == 3, "A heard generation 3");
        assertThat(a.get("p", this::load)).isEqualTo("after");
    }
}
