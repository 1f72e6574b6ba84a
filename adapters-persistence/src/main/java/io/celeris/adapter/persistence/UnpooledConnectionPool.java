package io.celeris.adapter.persistence;

import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * A fresh JDBC connection for every statement, straight from {@link DriverManager}; Helidon DB Client
 * closes it when the statement is done. Benchmarks only ({@code database.pool.mode: unpooled}): it shows
 * what HikariCP saves, a TCP connection, authentication and a PostgreSQL backend process per request.
 */
final class UnpooledConnectionPool implements CloseableJdbcConnectionPool {

    private final String url;
    private final Properties credentials = new Properties();
    private final String dbType;

    UnpooledConnectionPool(DatabaseSettings settings) {
        this.url = HikariConnectionPool.jdbcUrl(settings);
        credentials.setProperty("user", settings.user());
        credentials.setProperty("password", settings.password());
        this.dbType = settings.embedded() ? "h2" : "postgresql";
    }

    @Override
    public Connection connection() {
        try {
            return DriverManager.getConnection(url, credentials);
        } catch (SQLException e) {
            throw new DbClientException("no database connection (unpooled)", e);
        }
    }

    @Override
    public String dbType() {
        return dbType;
    }

    @Override
    public void close() {
        // Nothing is held between statements.
    }
}
