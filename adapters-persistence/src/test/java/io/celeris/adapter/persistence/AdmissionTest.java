package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.application.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private static Admission admission(int permits, int queue, Duration timeout) {
        return new Admission(permits, new DatabaseSettings.Admission(queue, timeout));
    }

    /** A turn taken on a virtual thread and held until {@code done} counts down. */
    private record Held(CompletableFuture<String> result, CountDownLatch running) {
    }

    private static Held hold(Admission admission, String name, CountDownLatch done) {
        var held = new Held(new CompletableFuture<>(), new CountDownLatch(1));
        Thread.ofVirtual().start(() -> {
            try {
                held.result().complete(admission.call(() -> {
                    held.running().countDown();
                    await(done);
                    return name;
                }));
            } catch (RuntimeException e) {
                held.result().completeExceptionally(e);
            }
        });
        return held;
    }

    /** @return a turn held until {@code done}, once it runs */
    private static Held holding(Admission admission, String name, CountDownLatch done) throws InterruptedException {
        Held held = hold(admission, name, done);
        assertThat(held.running().await(10, TimeUnit.SECONDS)).as(name + " runs").isTrue();
        return held;
    }

    /** Ends the held turn and checks that it came back: the next call runs at once. */
    private static void turnComesBack(Admission admission, Held held, CountDownLatch release) throws Exception {
        release.countDown();
        held.result().get(10, TimeUnit.SECONDS);
        assertThat(admission.call(() -> "next")).isEqualTo("next");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void until(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 10 s").isNegative();
            Thread.sleep(1);
        }
    }

    @Test
    void turnsBeyondThePermitsWaitAndAreHandedOnInArrivalOrder() throws Exception {
        try (var admission = admission(1, 10, LONG)) {
            var releaseFirst = new CountDownLatch(1);
            var first = holding(admission, "first", releaseFirst);
            var order = new ArrayList<String>();
            var waiters = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 5; i++) {
                String name = "waiter-" + i;
                int before = i;
                var waiter = new CompletableFuture<String>();
                Thread.ofVirtual().start(() -> waiter.complete(admission.call(() -> {
                    synchronized (order) {
                        order.add(name);
                    }
                    return name;
                })));
                waiters.add(waiter);
                until(() -> admission.waiting() == before + 1);
            }
            releaseFirst.countDown();
            assertThat(first.result().get(10, TimeUnit.SECONDS)).isEqualTo("first");
            for (var w : waiters) {
                w.get(10, TimeUnit.SECONDS);
            }
            assertThat(order).containsExactly("waiter-0", "waiter-1", "waiter-2", "waiter-3", "waiter-4");
            assertThat(admission.waiting()).isZero();
            assertThat(admission.rejected()).isZero();
            assertThat(admission.timedOut()).isZero();
        }
    }

    @Test
    void beyondTheQueueARequestIsRefusedAtOnce() throws Exception {
        try (var admission = admission(1, 2, LONG)) {
            var release = new CountDownLatch(1);
            var held = List.of(holding(admission, "a", release), hold(admission, "b", release),
                    hold(admission, "c", release));
            until(() -> admission.waiting() == 2);
            long start = System.nanoTime();
            assertThatThrownBy(() -> admission.call(() -> "d"))
                    .isInstanceOfSatisfying(StoreUnavailableException.class,
                            e -> assertThat(e.mayHaveChanged()).as("refused before the database").isFalse())
                    .hasMessageContaining("too many requests are waiting");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(admission.rejected()).isEqualTo(1);
            release.countDown();
            for (var h : held) {
                assertThat(h.result().get(10, TimeUnit.SECONDS)).isIn("a", "b", "c");
            }
        }
    }

    @Test
    void aConnectionFailureSaysWhetherTheWorkCouldHaveReachedTheDatabase() {
        // No connection to be had: nothing was sent.
        for (var e : List.of(new SQLTransientConnectionException("Connection is not available, request timed out",
                        "08001", new SQLException("Connection refused", "08001")),
                new SQLException("Connection refused", "08001"), new SQLException("rejected", "08004"),
                new SQLException("the database system is starting up", "57P03"))) {
            var mapped = Admission.unavailableIfConnectionFailure(new RuntimeException(e));
            assertThat(mapped).as(e.getMessage()).isInstanceOfSatisfying(StoreUnavailableException.class,
                    u -> assertThat(u.mayHaveChanged()).as(e.getSQLState()).isFalse());
        }
        // A connection that broke, or a server that shut down, under a statement: it may have run (a commit too).
        for (var e : List.of(new SQLException("An I/O error occurred while sending to the backend", "08006"),
                new SQLException("This connection has been closed", "08003"),
                new SQLException("terminating connection due to administrator command", "57P01"))) {
            var mapped = Admission.unavailableIfConnectionFailure(new RuntimeException(e));
            assertThat(mapped).as(e.getMessage()).isInstanceOfSatisfying(StoreUnavailableException.class,
                    u -> assertThat(u.mayHaveChanged()).as(e.getSQLState()).isTrue());
        }
        var other = new RuntimeException(new SQLException("duplicate key", "23505"));
        assertThat(Admission.unavailableIfConnectionFailure(other)).as("not a connection failure").isSameAs(other);
        var mapped = new StoreUnavailableException("the database is unavailable", null, true);
        assertThat(Admission.unavailableIfConnectionFailure(mapped)).as("mapped already").isSameAs(mapped);
    }

    @Test
    void aWaitWithoutATurnEndsAtTheTimeoutAndLeavesTheQueue() throws Exception {
        Duration timeout = Duration.ofMillis(200);
        try (var admission = admission(1, 10, timeout)) {
            var release = new CountDownLatch(1);
            var held = holding(admission, "held", release);
            // Three waits in a row, each timed by the one timer, re-armed after each.
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> admission.call(() -> "never"))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageContaining("no turn within the admission timeout");
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                assertThat(waited).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(2));
            }
            assertThat(admission.timedOut()).isEqualTo(3);
            assertThat(admission.waiting()).isZero();
            turnComesBack(admission, held, release);
        }
    }

    @Test
    void anInterruptedWaiterLeavesTheQueueWithItsInterruptKept() throws Exception {
        try (var admission = admission(1, 10, LONG)) {
            var release = new CountDownLatch(1);
            var held = holding(admission, "held", release);
            var outcome = new CompletableFuture<String>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    admission.call(() -> "ran");
                    outcome.complete("ran");
                } catch (StoreUnavailableException e) {
                    outcome.complete(e.getMessage() + " / interrupted=" + Thread.currentThread().isInterrupted());
                }
            });
            until(() -> admission.waiting() == 1);
            waiter.interrupt();
            assertThat(outcome.get(10, TimeUnit.SECONDS)).contains("interrupted while waiting").endsWith("interrupted=true");
            assertThat(admission.waiting()).isZero();
            turnComesBack(admission, held, release);
        }
    }

    @Test
    void closingEndsEveryWait() throws Exception {
        var admission = admission(1, 10, LONG);
        var release = new CountDownLatch(1);
        var held = holding(admission, "held", release);
        var waiters = new ArrayList<Held>();
        for (int i = 0; i < 3; i++) {
            waiters.add(hold(admission, "w" + i, new CountDownLatch(0)));
        }
        until(() -> admission.waiting() == 3);
        admission.close();
        for (var w : waiters) {
            assertThatThrownBy(() -> w.result().get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(StoreUnavailableException.class);
        }
        release.countDown();
        assertThat(held.result().get(10, TimeUnit.SECONDS)).isEqualTo("held");
    }

    @Test
    void underContentionNoMoreThanThePermitsRunAndEveryTurnIsReturned() throws Exception {
        int permits = 3;
        try (var admission = admission(permits, 10_000, LONG);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var running = new AtomicInteger();
            var most = new AtomicInteger();
            var futures = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 2_000; i++) {
                int n = i;
                futures.add(threads.submit(() -> admission.call(() -> {
                    int now = running.incrementAndGet();
                    most.accumulateAndGet(now, Math::max);
                    Thread.yield();
                    running.decrementAndGet();
                    return n;
                })));
            }
            long sum = 0;
            for (var f : futures) {
                sum += f.get(30, TimeUnit.SECONDS);
            }
            assertThat(sum).isEqualTo(1_999L * 2_000 / 2);
            assertThat(most.get()).isBetween(1, permits);
            assertThat(admission.waiting()).isZero();
            // Every turn came back: exactly the permits can be held at once again, and the next one waits.
            var release = new CountDownLatch(1);
            var held = new ArrayList<Held>();
            for (int i = 0; i < permits; i++) {
                held.add(holding(admission, "h" + i, release));
            }
            var next = hold(admission, "next", release);
            until(() -> admission.waiting() == 1);
            assertThat(next.running().getCount()).isEqualTo(1);
            release.countDown();
            for (var h : held) {
                h.result().get(10, TimeUnit.SECONDS);
            }
            assertThat(next.result().get(10, TimeUnit.SECONDS)).isEqualTo("next");
        }
    }
}
