package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** Small helpers for the concurrency tests. */
final class RaceSupport {

    private RaceSupport() {
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A write's own next read, on the instance that wrote: a load of the key began before the write and still holds
     * the old value; the write stores, invalidates, returns, and its client reads again at once. That read must get
     * the new value without waiting for the old load (single flight must not hand it the old one).
     *
     * @param cache a cache of {@code "k"}, empty
     */
    static void aReadAfterAnInvalidationDoesNotJoinALoadBegunBeforeIt(CachePort<String, String> cache)
            throws InterruptedException {
        Map<String, String> source = new ConcurrentHashMap<>(Map.of("k", "old"));
        var loading = new CountDownLatch(1);
        var written = new CountDownLatch(1);
        var first = new AtomicReference<String>();
        Thread reader = Thread.ofVirtual().start(() -> first.set(cache.get("k", k -> {
            String read = source.get(k);
            loading.countDown();
            await(written);
            return read;
        })));
        try {
            loading.await();
            source.put("k", "new");
            cache.invalidate("k");
            var after = new AtomicReference<String>();
            Thread again = Thread.ofVirtual().start(() -> after.set(cache.get("k", source::get)));
            assertThat(again.join(Duration.ofSeconds(10))).as("the read after the write waited for the old load")
                    .isTrue();
            assertThat(after.get()).as("the writer's next read").isEqualTo("new");
        } finally {
            written.countDown();
            reader.join();
        }
        assertThat(first.get()).as("the old load's own caller, who read before the write").isEqualTo("old");
        assertThat(cache.get("k", source::get)).as("nothing old kept").isEqualTo("new");
    }
}
