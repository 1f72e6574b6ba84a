package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmark-only unpooled mode: every statement gets its own new connection, and none is left open. */
class UnpooledConnectionPoolTest {

    @Test
    void everyStatementOpensAFreshConnectionAndDbClientClosesIt() {
        // One pooled connection, open from the start: the count of sessions then moves only with unpooled ones.
        var settings = settings(1, DatabaseSettings.Pool.Mode.POOLED);
        try (var hikari = new HikariConnectionPool(settings)) {
            DbClient pooled = JdbcClientBuilder.create().connectionPool(hikari).build();
            DbClient unpooled = JdbcClientBuilder.create().connectionPool(new UnpooledConnectionPool(settings)).build();
            long before = openSessions(pooled);
            Set<Object> unpooledSessions = new HashSet<>();
            Set<Object> pooledSessions = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                unpooledSessions.add(sessionId(unpooled));
                pooledSessions.add(sessionId(pooled));
            }
            assertThat(unpooledSessions).as("a new session per statement").hasSize(10);
            assertThat(pooledSessions).as("the pool reuses its one connection").hasSize(1);
            assertThat(openSessions(pooled)).as("no unpooled connection left open").isEqualTo(before);
        }
    }

    @Test
    void theUnpooledModeServesTheRepository() {
        try (var persistence = Persistence.start(settings(2, DatabaseSettings.Pool.Mode.UNPOOLED))) {
            assertThat(persistence.ping()).isTrue();
            assertThat(persistence.userRepository().count(io.celeris.domain.user.UserFilter.NONE)).isZero();
        }
    }

    private static DatabaseSettings settings(int size, DatabaseSettings.Pool.Mode mode) {
        var d = TestDatabaseSettings.pool();
        var pool = new DatabaseSettings.Pool(d.name(), size, size, d.connectionTimeout(), d.maxLifetime(),
                d.keepaliveTime(), d.idleTimeout(), d.leakDetectionThreshold(), d.validationTimeout(), mode);
        return new DatabaseSettings("jdbc:h2:mem:unpooled-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", pool,
                TestDatabaseSettings.admission(pool));
    }

    private static Object sessionId(DbClient db) {
        return db.execute().get("SELECT SESSION_ID() AS s").orElseThrow().column("s").get();
    }

    private static long openSessions(DbClient db) {
        return ((Number) db.execute().get("SELECT COUNT(*) AS n FROM INFORMATION_SCHEMA.SESSIONS").orElseThrow()
                .column("n").get()).longValue();
    }
}
