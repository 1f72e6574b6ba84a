package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.StoreUnavailableException;
import io.celeris.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that stops answering (the host frozen, packets dropped) fails the request that was waiting on it with
 * "unavailable" (a 503) after the call timeout; before, that request and its connection waited until the database
 * came back, ten minutes in the hostile pass that found it. The request's thread goes on without the deadline's
 * interrupt, and once the database answers again, so does the service. Calls run on virtual threads, as requests do.
 */
class CallDeadlineTest {

    @Test
    void aDatabaseThatStopsAnsweringFailsTheWaitingCallAfterTheTimeout() throws Exception {
        var pg = PostgresTestDatabase.get();
        URI uri = URI.create(pg.url().substring("jdbc:".length()));
        try (var proxy = new FreezableProxy(uri.getHost(), uri.getPort());
             var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath()
                    + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
            var base = TestDatabaseSettings.of(url, pg.user(), pg.password());
            var settings = new DatabaseSettings(url, pg.user(), pg.password(), base.pool(), base.admission(),
                    Duration.ofSeconds(2));
            try (var persistence = Persistence.start(settings, Optional.empty())) {
                var users = persistence.userRepository();
                UserId id = new UserId(UUID.randomUUID());
                assertThat(on(threads, () -> users.findById(id).isEmpty())).isTrue();

                proxy.freeze();
                long start = System.nanoTime();
                var frozen = threads.submit(() -> {
                    try {
                        users.findById(id);
                        return "answered";
                    } catch (StoreUnavailableException e) {
                        return "unavailable, interrupted afterwards: " + Thread.currentThread().isInterrupted()
                                + ", may have changed: " + e.mayHaveChanged();
                    }
                });
                String outcome;
                try {
                    outcome = frozen.get(20, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    frozen.cancel(true);
                    throw new AssertionError("a read on a frozen database never ended", e);
                }
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(outcome).as("ended once the call had reached the database")
                        .isEqualTo("unavailable, interrupted afterwards: false, may have changed: true");
                assertThat(waitedMs).as("the call timeout, not TCP's").isBetween(1_900L, 12_000L);
                assertThat(persistence.callsPastDeadline()).as("counted, for celeris_db_calls_past_deadline").isEqualTo(1);

                proxy.thaw();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Boolean answered = null;
                while (answered == null && System.nanoTime() - deadline < 0) {
                    try {
                        answered = on(threads, () -> users.findById(id).isEmpty());
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(StoreUnavailableException.class);
                        Thread.sleep(100);
                    }
                }
                assertThat(answered).as("serves again once the database answers").isTrue();
            }
        }
    }

    private static <T> T on(java.util.concurrent.ExecutorService threads, Callable<T> work) throws Exception {
        return threads.submit(work).get(20, TimeUnit.SECONDS);
    }
}
