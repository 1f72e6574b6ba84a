package io.celeris.adapter.persistence;

import com.zaxxer.hikari.util.DriverDataSource;
import io.celeris.application.CommitPosition;
import io.celeris.application.UnknownCommitPositionException;
import io.celeris.application.port.out.UserRepository;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A streaming read replica: its own pool, breaker and admission, and a monitor that asks the primary where its WAL
 * is and the replica how far it has replayed, every {@link #POLL}. From those samples it knows the replica's lag in
 * time (how long the replica has been missing WAL the primary had written), takes the replica out of rotation when
 * the lag passes the bound or the replica cannot be reached, and back in when it is within half the bound again.
 *
 * <p>A read that needs a commit position is served here only when the last sample of the replay position has passed
 * it: the replay position only grows, so the read's snapshot, taken after the sample, shows the commit. Otherwise it
 * goes to the primary at once; no request waits for the replica.
 */
final class ReadReplica implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(100);
    private static final Logger LOG = Logger.getLogger(ReadReplica.class.getName());
    /** Samples of the primary kept to measure the lag: ten minutes of them (a longer lag reads as ten minutes). */
    private static final int MAX_SAMPLES = 6000;
    /** The monitor's own connections give up on a server that does not answer (a frozen one) after this. */
    private static final int MONITOR_TIMEOUT_SECONDS = 2;

    enum State {
        IN_ROTATION("in-rotation"), LAGGING("lagging"), DOWN("down");

        private final String text;

        State(String text) {
            this.text = text;
        }
    }

    private final ReplicaSettings settings;
    private final HikariConnectionPool pool;
    private final DbClient db;
    private final DatabaseBreaker breaker;
    private final Admission admission;
    private final UserRepository users;
    private final Supplier<CommitPosition> primaryInsertPosition;
    private final DataSource primaryMonitor;
    private final DataSource replicaMonitor;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private final AtomicLong highestKnown = new AtomicLong();
    private final LongAdder reads = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder removals = new LongAdder();
    private final Thread monitor;
    private volatile State state = State.DOWN;
    /** Until the first sample: its state is told whatever it is (a replica down from the start said nothing). */
    private boolean firstLook = true;
    /** Why the last look found no replay position (monitor thread only). */
    private String downBecause = "unreachable";
    /** The replay position of the last sample (unsigned), -1 before the first. */
    private volatile long replayed = -1;
    private volatile long lagNanos;
    private volatile boolean closed;
    private Connection primaryConnection;
    private Connection replicaConnection;

    /**
     * @param settings              the replica
     * @param primary               the primary's settings (pool sizes, admission)
     * @param primaryInsertPosition the primary's insert position now (a token past it is from the future)
     */
    ReadReplica(ReplicaSettings settings, DatabaseSettings primary, Supplier<CommitPosition> primaryInsertPosition) {
        this.settings = settings;
        this.primaryInsertPosition = primaryInsertPosition;
        DatabaseSettings asDatabase = settings.asDatabase(primary);
        DataSource driver = HikariConnectionPool.driver(asDatabase);
        this.breaker = new DatabaseBreaker(() -> connects(driver, asDatabase), Duration.ofMillis(50));
        // The service starts (and reads from the primary) while the replica is down: the pool fills when it is back.
        this.pool = new HikariConnectionPool(asDatabase, new GatedDataSource(driver, breaker), false);
        this.db = JdbcClientBuilder.create().connectionPool(pool).build();
        this.admission = new Admission(asDatabase.pool().maximumPoolSize(), asDatabase.admission(),
                asDatabase.callTimeout());
        this.users = new AdmittedUserRepository(new JdbcUserRepository(db, pool.dataSource(), false), admission,
                breaker);
        this.primaryMonitor = monitorSource(primary.url(), primary.user(), primary.password());
        this.replicaMonitor = monitorSource(settings.url(), settings.user(), settings.password());
        sample();
        this.monitor = Thread.ofVirtual().name("celeris-replica-monitor").start(this::monitor);
    }

    private static DataSource monitorSource(String url, String user, String password) {
        var props = new Properties();
        props.setProperty("connectTimeout", String.valueOf(MONITOR_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", String.valueOf(MONITOR_TIMEOUT_SECONDS));
        props.setProperty("ApplicationName", "celeris-replica-monitor");
        return new DriverDataSource(url, null, props, user, password);
    }

    private static boolean connects(DataSource driver, DatabaseSettings settings) {
        try (Connection c = driver.getConnection()) {
            return c.isValid((int) Math.max(1, settings.pool().validationTimeout().toSeconds()));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The replica's users, behind its breaker and admission. */
    UserRepository users() {
        return users;
    }

    /**
     * @param required the position the read must reflect, if any
     * @return true when the replica may answer the read now
     */
    boolean serves(Optional<CommitPosition> required) {
        if (state != State.IN_ROTATION || breaker.isOpen()) {
            return false;
        }
        long at = replayed;
        return required.map(p -> at != -1 && Long.compareUnsigned(at, p.value()) >= 0).orElse(true);
    }

    /**
     * Refuses a position the primary has not reached: garbage that parses, a token of another database, or one made
     * up. Known positions cost nothing; a higher one costs one question to the primary. When the primary cannot
     * answer, the read goes to the primary anyway (the replica cannot be past it) and fails there.
     *
     * @throws UnknownCommitPositionException when the primary's insert position is before {@code required}
     */
    void requireKnown(CommitPosition required) {
        if (Long.compareUnsigned(highestKnown.get(), required.value()) >= 0) {
            return;
        }
        CommitPosition latest;
        try {
            latest = primaryInsertPosition.get();
        } catch (RuntimeException e) {
            return;
        }
        known(latest.value());
        if (!latest.reached(required)) {
            throw new UnknownCommitPositionException(required, latest);
        }
    }

    void served() {
        reads.increment();
    }

    void fellBack() {
        fallbacks.increment();
    }

    /** Another breaker: a read that failed for want of a connection to the replica opened it. */
    boolean unavailable() {
        return breaker.isOpen();
    }

    ReplicaStats stats() {
        long at = replayed;
        State s = breaker.isOpen() ? State.DOWN : state;
        return new ReplicaStats(s.text, Duration.ofNanos(lagNanos), at == -1 ? "" : new CommitPosition(at).toString(),
                reads.sum(), fallbacks.sum(), removals.sum(), admission.callsPastDeadline(), pool.stats());
    }

    private void known(long position) {
        highestKnown.accumulateAndGet(position, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
    }

    private void monitor() {
        while (!closed) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                return;
            }
            try {
                sample();
            } catch (RuntimeException e) {
                LOG.warning(() -> "replica monitor: " + e);
            }
        }
    }

    /** One look at both servers; only the monitor calls it (and the constructor, before the monitor starts). */
    private void sample() {
        long now = System.nanoTime();
        Long primary = primaryWritten();
        Long replay = replayPosition();
        if (primary != null) {
            known(primary);
            if (samples.isEmpty() || samples.peekLast()[1] != primary) {
                samples.addLast(new long[] {now, primary});
            }
            if (samples.size() > MAX_SAMPLES) {
                samples.removeFirst();
            }
        }
        if (replay == null) {
            to(State.DOWN, downBecause);
            return;
        }
        known(replay);
        replayed = replay;
        // Samples the replica has passed tell nothing more; the oldest it has not is how long it has been behind.
        while (!samples.isEmpty() && Long.compareUnsigned(samples.peekFirst()[1], replay) <= 0) {
            samples.removeFirst();
        }
        long lag = samples.isEmpty() ? 0 : now - samples.peekFirst()[0];
        lagNanos = lag;
        long bound = settings.maxLag().toNanos();
        if (state == State.IN_ROTATION ? lag > bound : lag > bound / 2) {
            to(State.LAGGING, "behind the primary by " + lag / 1_000_000 + " ms (bound "
                    + settings.maxLag().toMillis() + " ms)");
        } else {
            to(State.IN_ROTATION, "within " + lag / 1_000_000 + " ms of the primary");
        }
    }

    private void to(State next, String why) {
        State was = state;
        boolean first = firstLook;
        firstLook = false;
        if (was == next && !first) {
            return;
        }
        state = next;
        if (was == State.IN_ROTATION) {
            removals.increment();
        }
        if (next == State.IN_ROTATION) {
            LOG.info(() -> "read replica in rotation" + (first ? ": " : " again: ") + why);
        } else {
            LOG.warning(() -> "read replica " + next.text + ", reads go to the primary: " + why);
        }
    }

    private Long primaryWritten() {
        try {
            if (primaryConnection == null) {
                primaryConnection = primaryMonitor.getConnection();
            }
            return position(primaryConnection, "SELECT pg_current_wal_lsn()::text");
        } catch (SQLException | RuntimeException e) {
            primaryConnection = closeQuietly(primaryConnection);
            return null;
        }
    }

    private Long replayPosition() {
        try {
            if (replicaConnection == null) {
                replicaConnection = replicaMonitor.getConnection();
            }
            Long position = position(replicaConnection,
                    "SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END");
            if (position == null) {
                downBecause = "it is not in recovery: a primary, not a streaming replica (check DATABASE_READ_URL)";
            }
            return position;
        } catch (SQLException | RuntimeException e) {
            replicaConnection = closeQuietly(replicaConnection);
            downBecause = "unreachable (" + e.getMessage() + ")";
            return null;
        }
    }

    private static Long position(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            if (!rs.next() || rs.getString(1) == null) {
                return null;
            }
            return CommitPosition.parse(rs.getString(1)).value();
        }
    }

    private static Connection closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // It is being dropped because it failed.
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        monitor.interrupt();
        try {
            monitor.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primaryConnection = closeQuietly(primaryConnection);
        replicaConnection = closeQuietly(replicaConnection);
        admission.close();
        breaker.close();
        db.close();
        pool.close();
    }
}
