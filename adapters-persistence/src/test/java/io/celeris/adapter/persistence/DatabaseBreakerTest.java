package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.application.StoreUnavailableException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DatabaseBreakerTest {

    private final AtomicBoolean databaseUp = new AtomicBoolean(false);
    private final AtomicInteger probes = new AtomicInteger();

    private DatabaseBreaker breaker() {
        return new DatabaseBreaker(() -> {
            probes.incrementAndGet();
            return databaseUp.get();
        }, Duration.ofMillis(5));
    }

    private static RuntimeException connectionFailure() {
        return new IllegalStateException("no connection", new SQLTransientConnectionException("timed out"));
    }

    @Test
    void aConnectionFailureOpensItAndLaterCallsAreRefusedWithoutRunning() {
        try (var breaker = breaker()) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw connectionFailure();
            })).isInstanceOf(StoreUnavailableException.class);
            assertThat(breaker.isOpen()).isTrue();
            var ran = new AtomicBoolean();
            assertThatThrownBy(() -> breaker.call(() -> ran.getAndSet(true))).isInstanceOf(StoreUnavailableException.class);
            assertThat(ran).isFalse();
            assertThat(breaker.timesOpened()).isEqualTo(1);
            assertThat(breaker.refused()).isEqualTo(1);
        }
    }

    @Test
    void otherFailuresPassThroughAndLeaveItClosed() {
        try (var breaker = breaker()) {
            assertThatThrownBy(() -> breaker.call(() -> {
                throw new IllegalArgumentException("a bug");
            })).isInstanceOf(IllegalArgumentException.class);
            assertThat(breaker.isOpen()).isFalse();
            assertThat(breaker.call(() -> 42)).isEqualTo(42);
        }
    }

    @Test
    void theProbeClosesItWhenTheDatabaseAnswersAndReleasesTheWaitingPool() throws Exception {
        try (var breaker = breaker()) {
            breaker.trip(connectionFailure());
            var released = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try {
                    breaker.awaitClosed();
                    released.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (probes.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(probes.get()).as("probes while down").isGreaterThanOrEqualTo(3);
            assertThat(breaker.isOpen()).isTrue();
            assertThat(released.getCount()).as("the pool's adder still waits").isEqualTo(1);

            databaseUp.set(true);
            assertThat(released.await(10, TimeUnit.SECONDS)).as("released once the probe succeeds").isTrue();
            assertThat(breaker.isOpen()).isFalse();
            assertThat(breaker.call(() -> "served")).isEqualTo("served");
        }
    }

    @Test
    void closingLetsWaitersGo() throws Exception {
        var breaker = breaker();
        breaker.trip(connectionFailure());
        var released = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                breaker.awaitClosed();
                released.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        breaker.close();
        assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
