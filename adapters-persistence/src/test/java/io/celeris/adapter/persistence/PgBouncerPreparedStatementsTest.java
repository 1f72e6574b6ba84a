package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Why {@code prepareThreshold=0} when going through PgBouncer 1.18 in transaction mode: by default pgjdbc turns a
 * statement it has run five times into a named server-side statement ({@code S_1}, …) of the server connection it
 * happened to be on. PgBouncer hands the next transaction to whichever server connection is free, which either
 * lacks that statement or has another client's {@code S_1}. With one server connection and two clients the clash
 * is certain.
 */
class PgBouncerPreparedStatementsTest {

    private static PgBouncer bouncer;

    @BeforeAll
    static void start() {
        var pg = PostgresTestDatabase.get();
        bouncer = PgBouncer.inFrontOf(pg.url(), pg.user(), 1);
    }

    @AfterAll
    static void stop() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @Test
    void pgjdbcDefaultsBreakUnderTransactionPooling() throws SQLException {
        List<SQLException> errors = twoClientsRepeatTheirStatements("");
        assertThat(errors).as("server-side prepared statements through PgBouncer in transaction mode").isNotEmpty();
        assertThat((Throwable) errors.get(0)).hasMessageContaining("prepared statement").hasMessageMatching("(?s).*(already exists|does not exist).*");
    }

    @Test
    void prepareThresholdZeroKeepsEveryStatementUnnamedAndCorrect() throws SQLException {
        assertThat(twoClientsRepeatTheirStatements("prepareThreshold=0")).isEmpty();
    }

    @Test
    void theServiceRepositoryUnderConcurrentReadsFailsWithTheDefaultAndNotWithPrepareThresholdZero() throws Exception {
        assertThat(concurrentReadFailures("")).as("failed reads with pgjdbc's default prepareThreshold").isPositive();
        assertThat(concurrentReadFailures("prepareThreshold=0")).as("failed reads with prepareThreshold=0").isZero();
    }

    /**
     * Four threads reading users by id through the service's own pool and repository, in step (each read starts with
     * the others', so the four are on four pool connections at once: run one after another, they could all have used
     * the same one, and nothing clashes); returns the failures.
     */
    private static int concurrentReadFailures(String options) throws Exception {
        var pg = PostgresTestDatabase.get();
        var failures = new java.util.concurrent.atomic.AtomicInteger();
        // Migrate straight on the server: Flyway holds one transaction open while it works in a second one,
        // which a single PgBouncer server connection cannot serve (it waits for query_wait_timeout).
        Persistence.start(pg.settings()).close();
        try (var persistence = Persistence.start(TestDatabaseSettings.of(bouncer.through(pg.url(), options), pg.user(),
                pg.password()))) {
            var users = persistence.userRepository();
            var threads = new ArrayList<Thread>();
            var inStep = new java.util.concurrent.CyclicBarrier(4);
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            inStep.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException("the readers fell out of step", e);
                        }
                        try {
                            users.findById(new io.celeris.domain.user.UserId(java.util.UUID.randomUUID()));
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
        return failures.get();
    }

    /** Two clients, each running its own statement 10 times, interleaved; returns what failed. */
    private static List<SQLException> twoClientsRepeatTheirStatements(String options) throws SQLException {
        var pg = PostgresTestDatabase.get();
        String url = bouncer.through(pg.url(), options);
        var errors = new ArrayList<SQLException>();
        try (Connection a = DriverManager.getConnection(url, pg.user(), pg.password());
             Connection b = DriverManager.getConnection(url, pg.user(), pg.password())) {
            for (int i = 0; i < 10; i++) {
                try (var s = a.prepareStatement("SELECT ?::int + 1")) {
                    s.setInt(1, i);
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(i + 1);
                    }
                } catch (SQLException e) {
                    errors.add(e);
                }
                try (var s = b.prepareStatement("SELECT ?::text || '!'")) {
                    s.setString(1, "b" + i);
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo("b" + i + "!");
                    }
                } catch (SQLException e) {
                    errors.add(e);
                }
            }
        }
        return errors;
    }
}
