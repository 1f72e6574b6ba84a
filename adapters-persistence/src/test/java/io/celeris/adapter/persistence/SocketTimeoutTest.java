package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.celeris.application.StoreUnavailableException;
import io.celeris.domain.user.UserId;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL that stops answering (the host frozen, packets dropped) fails the request that was waiting on it with
 * "unavailable" (a 503) after the socket timeout; before, that request and its connection waited until the database
 * came back, ten minutes in the hostile pass that found it. Once the database answers again, so does the service.
 */
class SocketTimeoutTest {

    @Test
    void aDatabaseThatStopsAnsweringFailsTheWaitingRequestAfterTheSocketTimeout() throws Exception {
        var pg = PostgresTestDatabase.get();
        URI uri = URI.create(pg.url().substring("jdbc:".length()));
        try (var proxy = new FreezableProxy(uri.getHost(), uri.getPort())) {
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath()
                    + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
            var base = TestDatabaseSettings.of(url, pg.user(), pg.password());
            var settings = new DatabaseSettings(url, pg.user(), pg.password(), base.pool(), base.admission(),
                    Duration.ofSeconds(2));
            try (var persistence = Persistence.start(settings, Optional.empty())) {
                var users = persistence.userRepository();
                UserId id = new UserId(java.util.UUID.randomUUID());
                assertThat(users.findById(id)).isEmpty();

                proxy.freeze();
                long start = System.nanoTime();
                assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> users.findById(id))
                        .isInstanceOf(StoreUnavailableException.class), "a read on a frozen database never ended");
                long waitedMs = (System.nanoTime() - start) / 1_000_000;
                assertThat(waitedMs).as("the socket timeout, not TCP's").isBetween(1_500L, 12_000L);

                proxy.thaw();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                Optional<Boolean> answered = Optional.empty();
                while (answered.isEmpty() && System.nanoTime() - deadline < 0) {
                    try {
                        answered = Optional.of(users.findById(id).isEmpty());
                    } catch (StoreUnavailableException e) {
                        Thread.sleep(100);
                    }
                }
                assertThat(answered).as("serves again once the database answers").contains(true);
            }
        }
    }
}
