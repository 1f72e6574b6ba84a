package io.celeris.adapter.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database and size its pool.
 *
 * @param url               JDBC URL: {@code jdbc:h2:...} (embedded) or {@code jdbc:postgresql://...}
 * @param user              user name
 * @param password          password
 * @param poolName          name of the pool in logs and metrics
 * @param minimumIdle       connections kept open when idle
 * @param maximumPoolSize   most connections open at once
 * @param connectionTimeout longest wait for a connection before the pool gives up
 * @param maxLifetime       age at which a connection is retired
 */
public record DatabaseSettings(String url, String user, String password, String poolName,
                               int minimumIdle, int maximumPoolSize, Duration connectionTimeout,
                               Duration maxLifetime) {

    /** The embedded default: an in-memory H2 database that lives as long as the process. */
    public static final String EMBEDDED_URL = "jdbc:h2:mem:celeris;DB_CLOSE_DELAY=-1";

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database.url must be a jdbc:h2: or jdbc:postgresql: URL, not " + url);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (maximumPoolSize < 1 || minimumIdle < 0 || minimumIdle > maximumPoolSize) {
            throw new IllegalArgumentException("need 0 <= minimum-idle <= maximum-pool-size, maximum-pool-size >= 1");
        }
    }

    /**
     * Defaults for a URL.
     *
     * @param url      JDBC URL
     * @param user     user name
     * @param password password
     * @return the settings, with the default pool
     */
    public static DatabaseSettings of(String url, String user, String password) {
        return new DatabaseSettings(url, user, password, "celeris-db", 10, 10,
                Duration.ofSeconds(5), Duration.ofMinutes(30));
    }

    /**
     * @return true for the embedded H2 database
     */
    public boolean embedded() {
        return url.startsWith("jdbc:h2:");
    }
}
