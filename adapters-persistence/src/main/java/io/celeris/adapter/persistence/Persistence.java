package io.celeris.adapter.persistence;

import io.celeris.application.port.out.UserRepository;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The persistence adapter, ready to use: a HikariCP pool, the schema migrated by Flyway, Helidon DB
 * Client over the pool, and the repositories built on it. Close it to close the pool.
 */
public final class Persistence implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Persistence.class.getName());

    private final DatabaseSettings settings;
    private final HikariConnectionPool pool;
    private final DbClient db;
    private final JdbcUserRepository users;
    private final Admission admission;
    private final UserRepository admitted;

    private Persistence(DatabaseSettings settings) {
        this.settings = settings;
        this.pool = new HikariConnectionPool(settings);
        try {
            migrate(pool.dataSource());
            this.db = JdbcClientBuilder.create().connectionPool(statementConnections(settings, pool)).build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.users = new JdbcUserRepository(db, pool.dataSource(), settings.embedded());
        this.admission = new Admission(settings.pool().maximumPoolSize(), settings.admission());
        this.admitted = new AdmittedUserRepository(users, admission);
    }

    /**
     * Opens the pool and migrates the schema to the latest version.
     *
     * @param settings where the database is and how to pool it
     * @return the adapter
     */
    public static Persistence start(DatabaseSettings settings) {
        return new Persistence(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Where DB Client takes each statement's connection: the pool, or (benchmarks only) a new connection
     * per statement. Migrations and batch loads always use the pool.
     */
    private static JdbcConnectionPool statementConnections(DatabaseSettings settings, HikariConnectionPool pool) {
        if (settings.pool().mode() == DatabaseSettings.Pool.Mode.UNPOOLED) {
            LOG.warning("database.pool.mode is unpooled: a new database connection for every statement."
                    + " This is for benchmarks only; never run the service like this.");
            return new UnpooledConnectionPool(settings);
        }
        return pool;
    }

    /**
     * Applies the migrations on {@code classpath:db/migration} that the database has not seen yet.
     *
     * @param dataSource the database
     */
    static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /**
     * @return the users, stored in the database, behind the admission control
     */
    public UserRepository userRepository() {
        return admitted;
    }

    /**
     * A liveness probe of the database for readiness checks: one {@code SELECT 1} through the pool,
     * not through the admission queue (a busy service is still ready).
     *
     * @return true when the database answered
     */
    public boolean ping() {
        try {
            return db.execute().get("SELECT 1 AS one").isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @return the pool's live numbers
     */
    public PoolStats poolStats() {
        return pool.stats();
    }

    /**
     * @return requests waiting at the admission control now
     */
    public int admissionWaiting() {
        return admission.waiting();
    }

    /**
     * @return requests refused at once (queue full) or after waiting (timeout), since start
     */
    public long admissionRejected() {
        return admission.rejected() + admission.timedOut();
    }

    /**
     * @return true for the embedded H2 database
     */
    public boolean embedded() {
        return settings.embedded();
    }

    /**
     * @return the settings this adapter was started with
     */
    public DatabaseSettings settings() {
        return settings;
    }

    /** Deletes every user (and zeroes their count). For tests that need an empty table; nothing in the service calls it. */
    void truncateForTests() {
        var tx = db.transaction();
        tx.dml("DELETE FROM users");
        tx.dml("UPDATE user_count SET n = 0");
        tx.commit();
    }

    @Override
    public void close() {
        db.close();
        pool.close();
    }
}
