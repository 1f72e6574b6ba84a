package io.celeris.adapter.persistence;

import io.celeris.application.CommitPosition;
import io.celeris.application.StoreUnavailableException;
import io.celeris.application.port.out.UserRepository;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import io.helidon.dbclient.jdbc.JdbcConnectionPool;
import io.opentelemetry.api.trace.Tracer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The persistence adapter, ready to use: a HikariCP pool, the schema migrated by Flyway, Helidon DB
 * Client over the pool, and the repositories built on it; with a read replica, its pool too and the routing of reads
 * to it. Close it to close the pools.
 */
public final class Persistence implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Persistence.class.getName());
    /** Between two probes of a database that refused at once (a probe that waits in the pool waits there). */
    private static final Duration PROBE_PAUSE = Duration.ofMillis(50);
    /** Readiness answers within a second: a ping that takes longer counts as DOWN (and goes on in the background). */
    private static final Duration PING_BOUND = Duration.ofMillis(800);

    private final DatabaseSettings settings;
    private final HikariConnectionPool pool;
    private final DbClient db;
    private final JdbcUserRepository users;
    private final Admission admission;
    private final DatabaseBreaker breaker;
    private final UserRepository admitted;
    private final Optional<ReadReplica> replica;
    /** The readiness ping in flight, shared by concurrent probes so that they never pile up in the pool. */
    private final AtomicReference<CompletableFuture<Boolean>> ping = new AtomicReference<>();

    private Persistence(DatabaseSettings settings, Optional<ReplicaSettings> replicaSettings) {
        if (settings.embedded() && replicaSettings.isPresent()) {
            throw new IllegalArgumentException("database.read.url needs a PostgreSQL primary (database.url), not H2");
        }
        this.settings = settings;
        DataSource driver = HikariConnectionPool.driver(settings);
        this.breaker = new DatabaseBreaker(() -> connects(driver), PROBE_PAUSE);
        this.pool = new HikariConnectionPool(settings, new GatedDataSource(driver, breaker));
        try {
            this.db = JdbcClientBuilder.create().connectionPool(statementConnections(settings, pool)).build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        this.users = new JdbcUserRepository(db, pool.dataSource(), settings.embedded(), replicaSettings.isPresent());
        this.admission = new Admission(settings.pool().maximumPoolSize(), settings.admission(), settings.callTimeout());
        UserRepository primary = new AdmittedUserRepository(users, admission, breaker);
        try {
            this.replica = replicaSettings.map(r -> new ReadReplica(r, settings, this::insertPosition));
        } catch (RuntimeException e) {
            db.close();
            pool.close();
            throw e;
        }
        this.admitted = replica.<UserRepository>map(r -> new ReplicatedUserRepository(primary, r)).orElse(primary);
    }

    /**
     * Opens the pool and migrates the schema to the latest version.
     *
     * @param settings where the database is and how to pool it
     * @return the adapter
     */
    public static Persistence start(DatabaseSettings settings) {
        return start(settings, Optional.empty());
    }

    /**
     * Opens the pools (the replica's may start empty: the service reads from the primary until the replica answers)
     * and migrates the primary's schema to the latest version.
     *
     * @param settings where the primary database is and how to pool it
     * @param replica  a read replica of it, if any
     * @return the adapter
     */
    public static Persistence start(DatabaseSettings settings, Optional<ReplicaSettings> replica) {
        Persistence persistence = open(settings, replica);
        try {
            persistence.migrate();
        } catch (RuntimeException e) {
            persistence.close();
            throw e;
        }
        return persistence;
    }

    /**
     * Opens the pools as {@link #start(DatabaseSettings, Optional)} does, but does not migrate: {@link #migrate()}
     * before the repositories are used (it may run while the caller builds the rest).
     *
     * @param settings where the primary database is and how to pool it
     * @param replica  a read replica of it, if any
     * @return the adapter, its schema not yet migrated
     */
    public static Persistence open(DatabaseSettings settings, Optional<ReplicaSettings> replica) {
        return new Persistence(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(replica, "replica"));
    }

    /**
     * Applies the migrations the primary database has not seen yet (and checks those it has: Flyway's validation).
     */
    public void migrate() {
        migrate(pool.dataSource());
    }

    /**
     * The primary's WAL insert position now: no commit can end past it. Asked outside any turn (before a read takes
     * one), so it takes a turn of its own: counted by admission like any use of the pool, and ended by the call
     * deadline like any call, should the primary stop answering.
     */
    private CommitPosition insertPosition() {
        breaker.refuseIfOpen();
        return admission.call(() -> {
            try (Connection c = pool.dataSource().getConnection();
                 var s = c.createStatement();
                 var rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
                rs.next();
                return CommitPosition.parse(rs.getString(1));
            } catch (SQLException e) {
                throw new StoreUnavailableException("the database is unavailable", e);
            }
        });
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
     * Saves the embedded database as an image that {@link EmbeddedImage#restore} puts back before a later start.
     *
     * @param image where it goes
     * @throws IllegalArgumentException when the database is not a {@code jdbc:h2:memFS:} one
     */
    public void saveImage(java.nio.file.Path image) {
        EmbeddedImage.save(pool.dataSource(), settings, image);
    }

    /**
     * @return the users, stored in the database, behind the admission control
     */
    public UserRepository userRepository() {
        return admitted;
    }

    /**
     * @param tracer where each call's span goes (a child of the request's span)
     * @return the users as {@link #userRepository()}, each call in a client span named by its statement and table
     *         ({@code SELECT users}), which includes the wait for a database turn
     */
    public UserRepository userRepository(Tracer tracer) {
        return new TracedUserRepository(admitted, tracer, embedded() ? "h2" : "postgresql");
    }

    /**
     * A liveness probe of the database for readiness checks: one {@code SELECT 1} through the pool,
     * not through the admission queue (a busy service is still ready). Answers within about a second: false at
     * once while the breaker is open, and false when the ping takes longer (it goes on in the background and
     * the next readiness check shares it).
     *
     * @return true when the database answered
     */
    public boolean ping() {
        if (breaker.isOpen()) {
            return false;
        }
        CompletableFuture<Boolean> running = ping.get();
        if (running == null || running.isDone()) {
            var next = new CompletableFuture<Boolean>();
            if (ping.compareAndSet(running, next)) {
                Thread.ofVirtual().name("celeris-db-ping").start(() -> next.complete(pingNow()));
                running = next;
            } else {
                running = ping.get();
            }
        }
        try {
            return running.get(PING_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /**
     * One {@code SELECT 1} through the pool. It does not open the breaker: it skips the admission queue, so it can
     * time out in the pool behind slow requests while the database is fine; requests open it, as they only reach
     * the pool with a turn.
     */
    private boolean pingNow() {
        try {
            return db.execute().get("SELECT 1 AS one").isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The breaker's probe: a new connection straight from the driver, that answers. */
    private boolean connects(DataSource driver) {
        try (Connection c = driver.getConnection()) {
            return c.isValid((int) Math.max(1, settings.pool().validationTimeout().toSeconds()));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @return true while database work is refused at once because the database was found unavailable
     */
    public boolean unavailable() {
        return breaker.isOpen();
    }

    /**
     * @return how often the database was found unavailable (the breaker opened), since start
     */
    public long outages() {
        return breaker.timesOpened();
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
     * @return database calls (on the primary) ended by {@code database.call-timeout} since start: each a 503 to a
     *         request whose database stopped answering
     */
    public long callsPastDeadline() {
        return admission.callsPastDeadline();
    }

    /**
     * @return the read replica's state and counters; empty without one
     */
    public Optional<ReplicaStats> replicaStats() {
        return replica.map(ReadReplica::stats);
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
        replica.ifPresent(ReadReplica::close);
        admission.close();
        breaker.close();
        db.close();
        pool.close();
    }
}
