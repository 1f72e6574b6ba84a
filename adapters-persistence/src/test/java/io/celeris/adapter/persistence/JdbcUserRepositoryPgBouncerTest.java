package io.celeris.adapter.persistence;

import org.junit.jupiter.api.AfterAll;

/**
 * The repository contract through PgBouncer in transaction pooling mode, with pgjdbc's server-side prepared
 * statements off ({@code prepareThreshold=0}): PgBouncer 1.18 cannot carry them from one transaction to the next
 * ({@link PgBouncerPreparedStatementsTest} shows what the default does). Two server connections under a pool of
 * five, so transactions of different clients really share server connections.
 */
class JdbcUserRepositoryPgBouncerTest extends JdbcUserRepositoryContract {

    private static PgBouncer bouncer;

    @Override
    protected DatabaseSettings settings() {
        var pg = PostgresTestDatabase.get();
        if (bouncer == null) {
            bouncer = PgBouncer.inFrontOf(pg.url(), pg.user(), 2);
        }
        return TestDatabaseSettings.of(bouncer.through(pg.url(), "prepareThreshold=0"), pg.user(), pg.password());
    }

    @AfterAll
    static void stopBouncer() {
        // The pool first, while PgBouncer still answers.
        JdbcUserRepositoryContract.close();
        if (bouncer != null) {
            bouncer.close();
            bouncer = null;
        }
    }
}
