package io.celeris.application.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FreshReadTest {

    /** A store whose read can be held after it has taken its value, as a database round trip in flight. */
    private static final class HeldStore {
        final AtomicLong value = new AtomicLong();
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch firstReadTaken = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);

        long read() {
            long v = value.get();
            if (reads.incrementAndGet() == 1) {
                firstReadTaken.countDown();
                await(releaseFirst);
            }
            return v;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aCallerNeverGetsTheValueOfAReadThatStartedBeforeIt() throws Exception {
        var store = new HeldStore();
        var fresh = new FreshRead<>(store::read);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> early = threads.submit(fresh::get);
            await(store.firstReadTaken);           // the early read has its value (0) and is still in flight
            store.value.set(1);                    // a write returns
            Future<Long> late = threads.submit(fresh::get);
            waitUntilQueued(fresh, 1);
            assertThat(late.isDone()).isFalse();
            store.releaseFirst.countDown();
            assertThat(early.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(late.get(10, TimeUnit.SECONDS)).as("the call after the write").isEqualTo(1);
            assertThat(store.reads).hasValue(2);
        }
    }

    @Test
    void callersThatArriveDuringOneReadShareTheNextOne() throws Exception {
        var store = new HeldStore();
        var fresh = new FreshRead<>(store::read);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> first = threads.submit(fresh::get);
            await(store.firstReadTaken);
            store.value.set(7);
            List<Future<Long>> joined = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                joined.add(threads.submit(fresh::get));
            }
            waitUntilQueued(fresh, joined.size());
            store.releaseFirst.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isZero();
            for (Future<Long> f : joined) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo(7);
            }
            assertThat(store.reads).as("one read for the first caller, one shared by the 50 after it").hasValue(2);
        }
    }

    @Test
    void callersOneAfterTheOtherEachRead() {
        var reads = new AtomicInteger();
        var fresh = new FreshRead<>(reads::incrementAndGet);
        assertThat(fresh.get()).isEqualTo(1);
        assertThat(fresh.get()).isEqualTo(2);
        assertThat(fresh.get()).isEqualTo(3);
    }

    @Test
    void aFailedReadFailsItsCallersAndTheNextReadIsTriedAfresh() {
        var calls = new AtomicInteger();
        var fresh = new FreshRead<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("database down");
            }
            return 42L;
        });
        assertThatThrownBy(fresh::get).isInstanceOf(IllegalStateException.class).hasMessage("database down");
        assertThat(fresh.get()).isEqualTo(42L);
    }

    @Test
    void manyConcurrentCallersAllGetAnAnswerAndShareReads() throws Exception {
        var reads = new AtomicInteger();
        var fresh = new FreshRead<>(() -> {
            reads.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 5L;
        });
        int callers = 2_000;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> all = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                all.add(threads.submit(fresh::get));
            }
            for (Future<Long> f : all) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(5L);
            }
        }
        assertThat(reads.get()).isBetween(1, callers - 1);
    }

    /** Until that many callers wait for the read after the held one. */
    private static void waitUntilQueued(FreshRead<?> fresh, int callers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fresh.waitingCallers() < callers && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(fresh.waitingCallers()).isEqualTo(callers);
    }
}
