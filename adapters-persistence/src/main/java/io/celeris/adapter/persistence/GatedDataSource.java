package io.celeris.adapter.persistence;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import javax.sql.DataSource;

/**
 * Where HikariCP opens its connections: the driver, but only while the {@link DatabaseBreaker} is closed. While it
 * is open, HikariCP's connection adder waits here instead of failing again and again: each failure doubles its
 * back-off, up to 5 s, and that back-off, not the database, would decide when the service recovers. Released by
 * the breaker's probe the moment the database answers, the adder connects at once.
 */
final class GatedDataSource implements DataSource {

    private final DataSource driver;
    private final DatabaseBreaker breaker;

    GatedDataSource(DataSource driver, DatabaseBreaker breaker) {
        this.driver = driver;
        this.breaker = breaker;
    }

    @Override
    public Connection getConnection() throws SQLException {
        awaitBreakerClosed();
        return driver.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        awaitBreakerClosed();
        return driver.getConnection(username, password);
    }

    private void awaitBreakerClosed() throws SQLException {
        try {
            breaker.awaitClosed();
        } catch (InterruptedException e) {
            // HikariCP interrupts its adder when the pool shuts down.
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while the database was unavailable", "08001", e);
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return driver.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || driver.isWrapperFor(type);
    }
}
