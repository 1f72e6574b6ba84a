package io.celeris.adapter.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Gives Helidon DB Client its connections from HikariCP (Helidon's own Hikari module is not served
 * for 4.5.0, so we plug the pool in through {@code JdbcClientBuilder.connectionPool}).
 */
final class HikariConnectionPool implements CloseableJdbcConnectionPool {

    private final PoolCounters counters = new PoolCounters();
    private final HikariDataSource dataSource;
    private final String dbType;

    HikariConnectionPool(DatabaseSettings settings) {
        this(settings, driver(settings));
    }

    /**
     * @param settings the pool's settings
     * @param source   where the pool opens its connections (the driver, possibly behind a gate)
     */
    HikariConnectionPool(DatabaseSettings settings, DataSource source) {
        this(settings, source, true);
    }

    /**
     * @param settings the pool's settings
     * @param source   where the pool opens its connections
     * @param failFast true: the pool's start fails when the database does not answer; false: it starts empty and
     *                 fills when the database is there (a read replica, which the service can do without)
     */
    HikariConnectionPool(DatabaseSettings settings, DataSource source, boolean failFast) {
        var config = new HikariConfig();
        if (!failFast) {
            config.setInitializationFailTimeout(-1);
        }
        config.setDataSource(source);
        DatabaseSettings.Pool pool = settings.pool();
        config.setPoolName(pool.name());
        config.setMinimumIdle(pool.minimumIdle());
        config.setMaximumPoolSize(pool.maximumPoolSize());
        config.setConnectionTimeout(pool.connectionTimeout().toMillis());
        config.setMaxLifetime(pool.maxLifetime().toMillis());
        config.setKeepaliveTime(pool.keepaliveTime().toMillis());
        config.setIdleTimeout(pool.idleTimeout().toMillis());
        config.setLeakDetectionThreshold(pool.leakDetectionThreshold().toMillis());
        config.setValidationTimeout(pool.validationTimeout().toMillis());
        config.setMetricsTrackerFactory(counters);
        this.dataSource = new HikariDataSource(config);
        this.dbType = settings.embedded() ? "h2" : "postgresql";
    }

    /**
     * @return connections straight from the JDBC driver of the settings' URL, user and password
     */
    static DataSource driver(DatabaseSettings settings) {
        return new DriverDataSource(jdbcUrl(settings), null, new Properties(), settings.user(), settings.password());
    }

    /**
     * H2 folds unquoted names to upper case, PostgreSQL to lower: make H2 fold like PostgreSQL so one
     * set of SQL (and column labels) serves both.
     */
    static String jdbcUrl(DatabaseSettings settings) {
        String url = settings.url();
        if (settings.embedded() && !url.toUpperCase(java.util.Locale.ROOT).contains("DATABASE_TO_LOWER")) {
            url += ";DATABASE_TO_LOWER=TRUE";
        }
        return url;
    }

    /**
     * @return the pool's live numbers
     */
    PoolStats stats() {
        var mx = dataSource.getHikariPoolMXBean();
        if (mx == null) {
            return new PoolStats(0, 0, 0, 0, dataSource.getMaximumPoolSize(), counters.timeouts(), counters.acquired(),
                    counters.acquireSeconds(), counters.usageSeconds());
        }
        return new PoolStats(mx.getActiveConnections(), mx.getIdleConnections(), mx.getThreadsAwaitingConnection(),
                mx.getTotalConnections(), dataSource.getMaximumPoolSize(), counters.timeouts(), counters.acquired(),
                counters.acquireSeconds(), counters.usageSeconds());
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("no database connection from pool " + dataSource.getPoolName(), e);
        }
    }

    @Override
    public String dbType() {
        return dbType;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
