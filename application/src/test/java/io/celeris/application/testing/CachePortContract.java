package io.celeris.application.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CachePort} must do. One subclass per adapter; time is a counter the test moves,
 * so expiry is deterministic.
 */
public abstract class CachePortContract {

    protected static final Duration TTL = Duration.ofMinutes(10);

    /** Nanoseconds of the fake clock the cache under test reads. */
    protected final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    protected CachePort<String, String> cache;

    /**
     * @param ttl   how long an entry lives after it is written
     * @param nanos the time source, in nanoseconds
     * @return an empty cache
     */
    protected abstract CachePort<String, String> newCache(Duration ttl, AtomicLong nanos);

    @BeforeEach
    void setUp() {
        cache = newCache(TTL, nanos);
    }

    @Test
    void holdsWhatWasPut() {
        assertThat(cache.getIfPresent("k")).isEmpty();
        cache.put("k", "v");
        assertThat(cache.getIfPresent("k")).contains("v");
        cache.put("k", "w");
        assertThat(cache.getIfPresent("k")).contains("w");
    }

    @Test
    void loadsOnAMissAndNotOnAHit() {
        var loads = new AtomicInteger();
        assertThat(cache.get("k", k -> k + loads.incrementAndGet())).isEqualTo("k1");
        assertThat(cache.get("k", k -> k + loads.incrementAndGet())).isEqualTo("k1");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aLoaderGivingNullStoresNothing() {
        assertThat(cache.get("k", k -> null)).isNull();
        assertThat(cache.getIfPresent("k")).isEmpty();
        assertThat(cache.get("k", k -> "later")).isEqualTo("later");
    }

    @Test
    void invalidateDropsOneKey() {
        cache.put("a", "1");
        cache.put("b", "2");
        cache.invalidate("a");
        assertThat(cache.getIfPresent("a")).isEmpty();
        assertThat(cache.getIfPresent("b")).contains("2");
        cache.invalidate("never-there");
    }

    @Test
    void invalidateAllDropsEverything() {
        for (int i = 0; i < 100; i++) {
            cache.put("k" + i, "v" + i);
        }
        cache.invalidateAll();
        for (int i = 0; i < 100; i++) {
            assertThat(cache.getIfPresent("k" + i)).isEmpty();
        }
    }

    @Test
    void entriesExpireAfterTheirTimeToLive() {
        cache.put("k", "v");
        nanos.addAndGet(TTL.toNanos() - 1_000_000);
        assertThat(cache.getIfPresent("k")).contains("v");
        nanos.addAndGet(2_000_000);
        assertThat(cache.getIfPresent("k")).isEmpty();
        assertThat(cache.get("k", k -> "fresh")).isEqualTo("fresh");
    }

    @Test
    void concurrentMissesForOneKeyLoadOnce() throws Exception {
        var loads = new AtomicInteger();
        var start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get("hot", k -> {
                        loads.incrementAndGet();
                        sleep(50);
                        return "value";
                    });
                }));
            }
            start.countDown();
            for (Future<String> f : results) {
                assertThat(f.get()).isEqualTo("value");
            }
        }
        assertThat(loads).hasValue(1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
