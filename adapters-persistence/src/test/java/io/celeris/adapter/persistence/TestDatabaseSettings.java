package io.celeris.adapter.persistence;

import java.time.Duration;

/**
 * Settings tests build for themselves: the service's defaults live in bootstrap's {@code application.yaml} only, so
 * the records hold none. These values are the tests' own (today the same as the YAML's).
 */
public final class TestDatabaseSettings {

    private TestDatabaseSettings() {
    }

    /**
     * @return a pooled pool of cores * 2 + 1 connections, fixed size
     */
    public static DatabaseSettings.Pool pool() {
        int size = Runtime.getRuntime().availableProcessors() * 2 + 1;
        return new DatabaseSettings.Pool("celeris-db", size, size, Duration.ofSeconds(3), Duration.ofMinutes(30),
                Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ZERO, Duration.ofSeconds(1),
                DatabaseSettings.Pool.Mode.POOLED);
    }

    /**
     * @param pool the pool it fronts
     * @return a queue of 32 per connection and a one-second wait
     */
    public static DatabaseSettings.Admission admission(DatabaseSettings.Pool pool) {
        return new DatabaseSettings.Admission(pool.maximumPoolSize() * 32, Duration.ofSeconds(1));
    }

    /**
     * @return settings for a URL with {@link #pool()} and {@link #admission}
     */
    public static DatabaseSettings of(String url, String user, String password) {
        var pool = pool();
        return new DatabaseSettings(url, user, password, pool, admission(pool));
    }
}
