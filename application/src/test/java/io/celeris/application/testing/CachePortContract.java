package io.celeris.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.CacheRead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CachePort} must do. One subclass per adapter; time is moved by the test
 * ({@link #elapse}), so expiry is deterministic. Caches the test makes are closed after it when they
 * are {@link AutoCloseable}.
 */
public abstract class CachePortContract {

    protected static final Duration TTL = Duration.ofMinutes(10);
    protected static final Duration STALE_WINDOW = Duration.ofMinutes(5);

    /** Nanoseconds of the fake clock the cache under test reads. */
    protected final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    protected CachePort<String, String> cache;

    private final List<CachePort<?, ?>> made = new ArrayList<>();

    /**
     * @param ttl      how long an entry is fresh after it is written (exactly: no jitter)
     * @param maxStale the stale-if-error window past {@code ttl}; zero for none
     * @param nanos    the time source, in nanoseconds
     * @return an empty cache
     */
    protected abstract CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos);

    /**
     * Lets time pass for the cache under test. A cache that keeps time elsewhere (Redis) overrides
     * this to move its clock too.
     *
     * @param time how much
     */
    protected void elapse(Duration time) {
        nanos.addAndGet(time.toNanos());
    }

    protected final CachePort<String, String> made(CachePort<String, String> c) {
        made.add(c);
        return c;
    }

    /** @return every cache the test has made so far (one that writes behind the caller's back waits for them all) */
    protected final List<CachePort<?, ?>> caches() {
        return List.copyOf(made);
    }

    @BeforeEach
    void setUp() {
        cache = made(newCache(TTL, Duration.ZERO, nanos));
    }

    @AfterEach
    void closeCaches() throws Exception {
        for (CachePort<?, ?> c : made) {
            if (c instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
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
    protected void invalidateDropsOneKey() {
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
        elapse(TTL.minusSeconds(1));
        assertThat(cache.getIfPresent("k")).contains("v");
        elapse(Duration.ofSeconds(2));
        assertThat(cache.getIfPresent("k")).isEmpty();
        assertThat(cache.get("k", k -> "fresh")).isEqualTo("fresh");
    }

    @Test
    void readSaysWhetherTheLoaderOrTheCacheAnswered() {
        var loads = new AtomicInteger();
        CacheRead<String> first = cache.read("k", k -> "v" + loads.incrementAndGet());
        assertThat(first).isEqualTo(CacheRead.loaded("v1"));
        assertThat(first.hit()).isFalse();

        CacheRead<String> second = cache.read("k", k -> "v" + loads.incrementAndGet());
        assertThat(second.value()).isEqualTo("v1");
        assertThat(second.hit()).isTrue();
        assertThat(second.answeredBy()).isNotBlank();
        assertThat(second.stale()).isFalse();
        assertThat(loads).hasValue(1);

        cache.put("p", "put");
        assertThat(cache.read("p", k -> "loaded")).satisfies(r -> {
            assertThat(r.value()).isEqualTo("put");
            assertThat(r.hit()).isTrue();
        });
        assertThat(cache.read("absent", k -> null)).isEqualTo(CacheRead.loaded(null));
    }

    @Test
    void aFailingLoaderPropagatesAndStoresNothing() {
        assertThatThrownBy(() -> cache.get("k", k -> {
            throw new IllegalStateException("source down");
        })).isInstanceOf(IllegalStateException.class).hasMessage("source down");
        assertThat(cache.getIfPresent("k")).isEmpty();
        assertThat(cache.get("k", k -> "v")).isEqualTo("v");
    }

    @Test
    void withoutAStaleWindowAnExpiredEntryIsNeverServed() {
        cache.put("k", "old");
        elapse(TTL.plusSeconds(1));
        assertThatThrownBy(() -> cache.read("k", k -> {
            throw new IllegalStateException("source down");
        })).hasMessage("source down");
    }

    @Test
    void aFailingReloadServesTheExpiredCopyWithinTheStaleWindow() {
        CachePort<String, String> lenient = made(newCache(TTL, STALE_WINDOW, nanos));
        lenient.put("k", "old");
        elapse(TTL.plusSeconds(1));
        assertThat(lenient.getIfPresent("k")).as("expired: not fresh").isEmpty();

        CacheRead<String> stale = lenient.read("k", k -> {
            throw new IllegalStateException("source down");
        });
        assertThat(stale.value()).isEqualTo("old");
        assertThat(stale.stale()).isTrue();
        assertThat(stale.answeredBy()).isNotBlank();

        assertThat(lenient.read("k", k -> "new")).isEqualTo(CacheRead.loaded("new"));
        assertThat(lenient.read("k", k -> "newer").value()).isEqualTo("new");

        elapse(TTL.plus(STALE_WINDOW).plusSeconds(1));
        assertThatThrownBy(() -> lenient.read("k", k -> {
            throw new IllegalStateException("source down");
        })).as("past the window").hasMessage("source down");
    }

    @Test
    void anInvalidatedEntryIsNotServedStale() {
        CachePort<String, String> lenient = made(newCache(TTL, STALE_WINDOW, nanos));
        lenient.put("k", "old");
        elapse(TTL.plusSeconds(1));
        lenient.invalidate("k");
        assertThatThrownBy(() -> lenient.read("k", k -> {
            throw new IllegalStateException("source down");
        })).hasMessage("source down");
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
