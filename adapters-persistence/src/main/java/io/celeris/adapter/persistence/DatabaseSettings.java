package io.celeris.adapter.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the database, size its pool and bound the wait for it.
 *
 * @param url           JDBC URL: {@code jdbc:h2:...} (embedded) or {@code jdbc:postgresql://...}
 * @param user          user name
 * @param password      password
 * @param pool          the HikariCP pool
 * @param admission     the bounded wait in front of the pool
 * @param callTimeout   longest a request's database call may run once it has its turn ({@link CallDeadline});
 *                      {@link Duration#ZERO} for no bound. A database that stops answering (frozen, a network that
 *                      drops packets) then fails the request with a 503 instead of holding it, and its connection,
 *                      until TCP gives up
 */
public record DatabaseSettings(String url, String user, String password, Pool pool, Admission admission,
                               Duration callTimeout) {

    /** What {@code application.yaml} holds: far above any statement of the service, below a proxy's read timeout. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    /** With the default call timeout. */
    public DatabaseSettings(String url, String user, String password, Pool pool, Admission admission) {
        this(url, user, password, pool, admission, DEFAULT_CALL_TIMEOUT);
    }

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database.url must be a jdbc:h2: or jdbc:postgresql: URL, not "
                    + redacted(url));
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative() || !callTimeout.isZero() && callTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("database.call-timeout must be PT0S (none) or at least PT1S, not "
                    + callTimeout);
        }
        if (!admission.timeout().minus(pool.connectionTimeout()).isNegative()) {
            throw new IllegalArgumentException("database.admission.timeout must be shorter than"
                    + " database.pool.connection-timeout, so the fast 503 comes before the pool gives up");
        }
    }

    /**
     * @param url a JDBC URL
     * @return the URL with any password in it (user info, a {@code password} parameter) replaced by {@code ***}
     */
    static String redacted(String url) {
        return url.replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@")
                .replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /**
     * @return true for the embedded H2 database
     */
    public boolean embedded() {
        return url.startsWith("jdbc:h2:");
    }

    /**
     * HikariCP's settings (see HikariCP's "About Pool Sizing": connections = cores * 2 + spindles). The defaults are
     * bootstrap's {@code application.yaml}; this record only refuses what HikariCP would refuse or silently ignore.
     *
     * @param name                   pool name in logs and metrics
     * @param minimumIdle            connections kept open when idle ({@code minimumIdle})
     * @param maximumPoolSize        most connections at once ({@code maximumPoolSize})
     * @param connectionTimeout      longest wait for a connection ({@code connectionTimeout})
     * @param maxLifetime            age at which a connection is retired ({@code maxLifetime})
     * @param keepaliveTime          how often an idle connection is pinged ({@code keepaliveTime}; 0 off)
     * @param idleTimeout            idle time after which connections above minimumIdle close ({@code idleTimeout})
     * @param leakDetectionThreshold a connection held longer is reported as a possible leak (0 off)
     * @param validationTimeout      longest wait for a connection's liveness check ({@code validationTimeout})
     * @param mode                   {@link Mode#POOLED}; {@link Mode#UNPOOLED} only to measure what the pool is worth
     */
    public record Pool(String name, int minimumIdle, int maximumPoolSize, Duration connectionTimeout,
                       Duration maxLifetime, Duration keepaliveTime, Duration idleTimeout,
                       Duration leakDetectionThreshold, Duration validationTimeout, Mode mode) {

        /** HikariCP ignores (with a log line) a leak detection threshold under two seconds. */
        static final Duration SHORTEST_LEAK_DETECTION = Duration.ofSeconds(2);
        /** HikariCP's floor for its connection and validation timeouts. */
        static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(250);
        /** HikariCP's floor for a connection's lifetime and keep-alive period (below: its default instead). */
        static final Duration SHORTEST_LIFETIME = Duration.ofSeconds(30);
        /** HikariCP's floor for the idle timeout (below: ten seconds instead). */
        static final Duration SHORTEST_IDLE = Duration.ofSeconds(10);

        private static void atLeast(String key, Duration value, Duration shortest, boolean zeroIsOff) {
            Objects.requireNonNull(value, key);
            if (zeroIsOff && value.isZero()) {
                return;
            }
            if (value.compareTo(shortest) < 0) {
                throw new IllegalArgumentException("database.pool." + key + " must be " + (zeroIsOff ? "PT0S (off) or " : "")
                        + "at least " + shortest + ", not " + value);
            }
        }

        public Pool {
            if (maximumPoolSize < 1 || minimumIdle < 0 || minimumIdle > maximumPoolSize) {
                throw new IllegalArgumentException("need 0 <= minimum-idle <= maximum-pool-size, maximum-pool-size >= 1");
            }
            Objects.requireNonNull(leakDetectionThreshold, "leakDetectionThreshold");
            Objects.requireNonNull(maxLifetime, "maxLifetime");
            Objects.requireNonNull(mode, "mode");
            // What HikariCP would refuse with its own words, or replace by a default with only a log line.
            atLeast("connection-timeout", connectionTimeout, SHORTEST_TIMEOUT, false);
            atLeast("validation-timeout", validationTimeout, SHORTEST_TIMEOUT, false);
            if (validationTimeout.compareTo(connectionTimeout) >= 0) {
                throw new IllegalArgumentException("database.pool.validation-timeout must be shorter than"
                        + " database.pool.connection-timeout, not " + validationTimeout);
            }
            atLeast("max-lifetime", maxLifetime, SHORTEST_LIFETIME, true);
            atLeast("keepalive-time", keepaliveTime, SHORTEST_LIFETIME, true);
            if (!keepaliveTime.isZero() && !maxLifetime.isZero() && keepaliveTime.compareTo(maxLifetime) >= 0) {
                throw new IllegalArgumentException("database.pool.keepalive-time must be PT0S (off) or shorter than"
                        + " database.pool.max-lifetime, not " + keepaliveTime);
            }
            atLeast("idle-timeout", idleTimeout, SHORTEST_IDLE, true);
            // Refuse what HikariCP would silently turn off, so a configured leak detection is a working one.
            if (!leakDetectionThreshold.isZero() && (leakDetectionThreshold.compareTo(SHORTEST_LEAK_DETECTION) < 0
                    || !maxLifetime.isZero() && leakDetectionThreshold.compareTo(maxLifetime) > 0)) {
                throw new IllegalArgumentException("database.pool.leak-detection-threshold must be PT0S (off) or between "
                        + "PT2S and database.pool.max-lifetime, not " + leakDetectionThreshold);
            }
        }

        /** A pooled pool: the settings as they were before {@link Mode} existed. */
        public Pool(String name, int minimumIdle, int maximumPoolSize, Duration connectionTimeout,
                    Duration maxLifetime, Duration keepaliveTime, Duration idleTimeout,
                    Duration leakDetectionThreshold, Duration validationTimeout) {
            this(name, minimumIdle, maximumPoolSize, connectionTimeout, maxLifetime, keepaliveTime, idleTimeout,
                    leakDetectionThreshold, validationTimeout, Mode.POOLED);
        }

        /** Where Helidon DB Client gets the connection for each statement. */
        public enum Mode {
            /** From HikariCP: the service's only mode. */
            POOLED,
            /**
             * A new JDBC connection per statement, closed after it (benchmarks only: it measures what the pool
             * saves). HikariCP still serves migrations and batch loads.
             */
            UNPOOLED
        }
    }

    /**
     * The bounded wait for database work: at most {@code maximumPoolSize} requests use the database at
     * once, at most {@code queue} more wait, each at most {@code timeout}; the rest get a fast "unavailable".
     *
     * @param queue   requests that may wait for a turn
     * @param timeout longest wait for a turn; shorter than the pool's connection timeout
     */
    public record Admission(int queue, Duration timeout) {

        public Admission {
            if (queue < 0) {
                throw new IllegalArgumentException("database.admission.queue must be >= 0");
            }
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("database.admission.timeout must not be negative, not " + timeout);
            }
        }
    }
}
