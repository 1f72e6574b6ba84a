package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.testing.CachePortContract;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CaffeineCacheTest extends CachePortContract {

    @Override
    protected CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        return TestCaches.inProcess(TestCaches.l1(10_000, ttl, maxStale), nanos::get);
    }

    @Test
    void aReadAfterAnInvalidationDoesNotJoinALoadBegunBeforeIt() throws Exception {
        RaceSupport.aReadAfterAnInvalidationDoesNotJoinALoadBegunBeforeIt(
                TestCaches.inProcess(TestCaches.l1(10_000, TTL), nanos::get));
    }

    @Test
    void staysWithinItsMaximumSize() {
        CachePort<Integer, Integer> small = TestCaches.inProcess(TestCaches.l1(100, TTL), nanos::get);
        for (int i = 0; i < 10_000; i++) {
            small.put(i, i);
        }
        long held = 0;
        for (int i = 0; i < 10_000; i++) {
            held += small.getIfPresent(i).isPresent() ? 1 : 0;
        }
        assertThat(held).isLessThanOrEqualTo(100);
    }

    @Test
    void lifetimesAreSpreadWithinTheJitter() {
        var jittered = TestCaches.<Integer, Integer>inProcess(TestCaches.l1(10_000, TTL), nanos::get);
        int n = 1_000;
        for (int i = 0; i < n; i++) {
            jittered.put(i, i);
        }
        nanos.addAndGet((long) (TTL.toNanos() * 0.89));
        assertThat(held(jittered, n)).as("none expires before ttl - 10%").isEqualTo(n);
        nanos.addAndGet((long) (TTL.toNanos() * 0.11));
        assertThat(held(jittered, n)).as("at ttl, some have expired and some not").isBetween(1, n - 1);
        nanos.addAndGet((long) (TTL.toNanos() * 0.11));
        assertThat(held(jittered, n)).as("all expire by ttl + 10%").isZero();
    }

    @Test
    void countsHitsMissesLoadsFailuresAndStaleServes() {
        var counted = TestCaches.<String, String>inProcess(TestCaches.l1(10_000, TTL, Duration.ofMinutes(1)),
                nanos::get);
        counted.get("a", k -> "1");
        counted.get("a", k -> "2");
        nanos.addAndGet(TTL.plusSeconds(1).toNanos());
        counted.read("a", k -> {
            throw new IllegalStateException("down");
        });
        CacheStats stats = counted.stats();
        assertThat(stats.l1()).isEqualTo(new CacheStats.Tier(1, 2, 0));
        assertThat(stats.loads()).isEqualTo(1);
        assertThat(stats.loadFailures()).isEqualTo(1);
        assertThat(stats.staleServed()).isEqualTo(1);
        assertThat(stats.loadTime()).isPositive();
        assertThat(stats.l2()).isEqualTo(CacheStats.Tier.NONE);
    }

    @Test
    void aLoadRacingAnInvalidationDoesNotStoreWhatItRead() throws Exception {
        var cache = TestCaches.<String, String>inProcess(TestCaches.l1(100, TTL), nanos::get);
        var loading = new CountDownLatch(1);
        var invalidated = new CountDownLatch(1);
        Thread reader = Thread.ofVirtual().start(() -> cache.get("k", k -> {
            loading.countDown();
            await(invalidated);
            return "read before the write";
        }));
        loading.await();
        cache.invalidate("k");
        invalidated.countDown();
        reader.join();
        assertThat(cache.getIfPresent("k")).isEmpty();
    }

    private static int held(CachePort<Integer, Integer> cache, int n) {
        int held = 0;
        for (int i = 0; i < n; i++) {
            held += cache.getIfPresent(i).isPresent() ? 1 : 0;
        }
        return held;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
