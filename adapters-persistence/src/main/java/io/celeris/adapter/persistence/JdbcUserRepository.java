package io.celeris.adapter.persistence;

import io.celeris.application.CommitPosition;
import io.celeris.application.ReadYourWrites;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Direction;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.DuplicateEmailException;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.helidon.dbclient.DbClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * Users in a SQL table. Sort properties map to columns through a fixed table; values always travel as
 * bind parameters. Reads by id, pages and counts use plain JDBC on the pool; the rest goes through Helidon
 * DB Client, and writes that need a transaction of several statements use JDBC too.
 */
final class JdbcUserRepository implements UserRepository {

    private static final String COLUMNS = UserSql.COLUMNS;
    private static final java.util.regex.Pattern PLAN_ROWS =
            java.util.regex.Pattern.compile("\"Plan Rows\"\\s*:\\s*([0-9.eE+]+)");
    private static final String UUID_PARAM = UserSql.UUID_PARAM;
    private static final String INSERT =
            "INSERT INTO users (" + COLUMNS + ", email_domain) VALUES (" + UUID_PARAM + ", ?, ?, ?, ?, ?, ?, ?)";

    /** Rows of user_count (V4__user_count.sql). */
    private static final int COUNT_STRIPES = 16;
    private static final String ADD_TO_COUNT = "UPDATE user_count SET n = n + ? WHERE stripe = ?";
    private static final String FIND_BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = " + UUID_PARAM;
    private static final String SUM_COUNT = "SELECT COALESCE(SUM(n), 0) AS n FROM user_count";

    /**
     * Where the WAL is at the end of this session's last commit: the write position ({@code pg_current_wal_lsn()})
     * once a commit has returned is at or past the commit's end when the commit waited for its flush (it was written
     * before it was flushed), and it is an end of a record, which a replica's replay position reaches. A session that
     * does not wait ({@code synchronous_commit = off}) may return before its commit is written: then only the insert
     * position is surely past it (an insert position can point past a page header a replica's replay position never
     * names until more WAL comes, so it is the second choice). Hence in the same session as the commit.
     */
    static final String COMMIT_POSITION = "SELECT (CASE WHEN current_setting('synchronous_commit') = 'off'"
            + " THEN pg_current_wal_insert_lsn() ELSE pg_current_wal_lsn() END)::text AS lsn";

    /**
     * PostgreSQL's binary {@code timestamptz}: microseconds since 2000-01-01T00:00Z, a big-endian int64. That is the
     * form of every PostgreSQL since 10 (integer datetimes; 10 dropped the float form), and Flyway, which migrates
     * the primary at start, refuses anything older.
     */
    private static final java.lang.invoke.VarHandle PG_TIMESTAMP =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final long PG_EPOCH_SECOND = 946_684_800L;

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(
            JdbcUserRepository.class.getName());

    private final DbClient db;
    private final DataSource dataSource;
    private final boolean embedded;
    private final boolean reportCommits;

    JdbcUserRepository(DbClient db, DataSource dataSource, boolean embedded) {
        this(db, dataSource, embedded, false);
    }

    /**
     * @param reportCommits report each commit's position to {@link ReadYourWrites} (PostgreSQL with a read replica)
     */
    JdbcUserRepository(DbClient db, DataSource dataSource, boolean embedded, boolean reportCommits) {
        this.db = db;
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.reportCommits = reportCommits && !embedded;
    }

    @Override
    public void insert(User user) {
        try {
            transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    bind(ps, user);
                    ps.executeUpdate();
                }
                addToCount(c, 1);
                return null;
            });
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateEmailException(user.email());
            }
            throw new PersistenceException("insert of user " + user.id() + " failed", e);
        }
    }

    @Override
    public void insertAll(List<User> users) {
        // DB Client has no batch API; a JDBC batch in one transaction loads demo data in well under a second.
        try {
            transaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    int n = 0;
                    for (User u : users) {
                        bind(ps, u);
                        ps.addBatch();
                        if (++n % 1000 == 0) {
                            ps.executeBatch();
                        }
                    }
                    ps.executeBatch();
                }
                addToCount(c, users.size());
                return null;
            });
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateEmailException(duplicateIn(users));
            }
            throw new PersistenceException("batch insert of " + users.size() + " users failed", e);
        }
    }

    private static void bind(PreparedStatement ps, User u) throws SQLException {
        ps.setObject(1, u.id().value());
        ps.setString(2, u.email().value());
        ps.setString(3, u.name().value());
        ps.setObject(4, utc(u.createdAt()));
        ps.setObject(5, utc(u.updatedAt()));
        ps.setLong(6, u.version());
        ps.setObject(7, utcOrNull(u.lastLoginAt()));
        ps.setString(8, u.email().domain());
    }

    /**
     * Adds {@code delta} to the number of users, in the caller's transaction, so that the count commits or
     * rolls back with the write. One stripe of {@code user_count} at random: concurrent writers seldom
     * queue on one row lock.
     */
    private static void addToCount(Connection c, long delta) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(ADD_TO_COUNT)) {
            ps.setLong(1, delta);
            ps.setShort(2, (short) ThreadLocalRandom.current().nextInt(COUNT_STRIPES));
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("user_count lacks a stripe: it must hold stripes 0 to "
                        + (COUNT_STRIPES - 1) + " (V4__user_count.sql)");
            }
        }
    }

    @Override
    public Optional<User> findById(UserId id) {
        List<User> found = list(new UserSql.Query(FIND_BY_ID, List.of(id.value())));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    @Override
    public Optional<User> update(UserId id, Email email, UserName name, Instant at, Precondition precondition) {
        List<Object> params = new ArrayList<>(List.of(email.value(), email.domain(), name.value(),
                utc(at.truncatedTo(ChronoUnit.MICROS)), id.value()));
        String where = versionCondition(precondition, params);
        if (where == null) {
            return Optional.empty();
        }
        // One statement decides the precondition and writes; the read-back runs in the same transaction,
        // under the row lock the UPDATE took, so it sees exactly this change (H2 has no RETURNING).
        String sql = "UPDATE users SET email = ?, email_domain = ?, name = ?, updated_at = ?, version = version + 1"
                + " WHERE id = " + UUID_PARAM + where;
        try {
            return transaction(c -> {
                if (execute(c, sql, params) != 1) {
                    return Optional.<User>empty();
                }
                try (PreparedStatement read = c.prepareStatement(FIND_BY_ID)) {
                    read.setObject(1, id.value());
                    try (ResultSet rs = read.executeQuery()) {
                        return rs.next() ? Optional.of(toUser(rs)) : Optional.<User>empty();
                    }
                }
            });
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateEmailException(email);
            }
            throw new PersistenceException("update of user " + id + " failed", e);
        }
    }

    @Override
    public boolean delete(UserId id, Precondition precondition) {
        List<Object> params = new ArrayList<>(List.of(id.value()));
        String where = versionCondition(precondition, params);
        if (where == null) {
            return false;
        }
        try {
            return transaction(c -> {
                boolean deleted = execute(c, "DELETE FROM users WHERE id = " + UUID_PARAM + where, params) == 1;
                if (deleted) {
                    addToCount(c, -1);
                }
                return deleted;
            });
        } catch (SQLException e) {
            throw new PersistenceException("delete of user " + id + " failed", e);
        }
    }

    /**
     * The SQL that decides {@code precondition} on the row's version, appending its parameters; null when
     * it can hold for no row. {@code version IN (?, ...)} rather than {@code = ANY(?)}: both databases
     * take it, and DB Client has no array binding.
     */
    private static String versionCondition(Precondition precondition, List<Object> params) {
        return switch (precondition) {
            // Needing the row to exist is all these ask, and WHERE id = ? already does.
            case Precondition.None none -> "";
            case Precondition.Any any -> "";
            case Precondition.OneOf oneOf when oneOf.versions().isEmpty() -> null;
            case Precondition.OneOf oneOf -> {
                params.addAll(oneOf.versions());
                yield " AND version IN (" + String.join(", ", Collections.nCopies(oneOf.versions().size(), "?")) + ")";
            }
            case Precondition.Absent absent -> null;
            case Precondition.NoneOf noneOf when noneOf.versions().isEmpty() -> "";
            case Precondition.NoneOf noneOf -> {
                params.addAll(noneOf.versions());
                yield " AND version NOT IN (" + String.join(", ", Collections.nCopies(noneOf.versions().size(), "?"))
                        + ")";
            }
            case Precondition.AllOf allOf -> {
                var where = new StringBuilder();
                for (Precondition p : allOf.all()) {
                    String part = versionCondition(p, params);
                    if (part == null) {
                        yield null;
                    }
                    where.append(part);
                }
                yield where.toString();
            }
        };
    }

    private static int execute(Connection c, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps.executeUpdate();
        }
    }

    @Override
    public List<User> findPage(UserFilter filter, Sort sort, long offset, int limit) {
        return list(UserSql.page(filter, sort, offset, limit));
    }

    @Override
    public List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit) {
        List<UserSql.Query> segments = UserSql.nextTo(filter, sort, cursor.orElse(null), limit);
        List<User> rows = list(segments.getFirst());
        if (segments.size() > 1 && rows.size() < limit) {
            // The cursor's segment ran out: continue in the next one for the rest of the page.
            UserSql.Query next = segments.get(1);
            var params = new ArrayList<>(next.params());
            params.set(params.size() - 1, limit - rows.size());
            var more = list(new UserSql.Query(next.sql(), params));
            rows = new ArrayList<>(rows);
            rows.addAll(more);
        }
        if (cursor.isPresent() && cursor.get().direction() == Cursor.Towards.BEFORE) {
            // Read backwards from the cursor; hand back in sort order.
            rows = new ArrayList<>(rows);
            Collections.reverse(rows);
        }
        return rows;
    }

    @Override
    public long count(UserFilter filter) {
        // Unfiltered: the kept count, a sum over COUNT_STRIPES rows, whatever the size of the table.
        UserSql.Query q = filter.isEmpty() ? new UserSql.Query(SUM_COUNT, List.of()) : UserSql.count(filter);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, q);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        } catch (SQLException e) {
            throw new PersistenceException("count of users failed", e);
        }
    }

    @Override
    public OptionalLong estimateCount(UserFilter filter) {
        if (embedded) {
            return OptionalLong.empty();
        }
        UserSql.Query q = UserSql.estimate(filter);
        return db.execute().get(q.sql(), q.params().toArray())
                .map(r -> String.valueOf(r.column("QUERY PLAN").get()))
                .flatMap(JdbcUserRepository::planRows)
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** The planner's row estimate of the top plan node: the first "Plan Rows" of EXPLAIN's JSON. */
    static Optional<Long> planRows(String explainJson) {
        var m = PLAN_ROWS.matcher(explainJson);
        return m.find() ? Optional.of(Math.round(Double.parseDouble(m.group(1)))) : Optional.empty();
    }

    /**
     * The hot reads, in plain JDBC on the same pool: DB Client builds column metadata for every column of
     * every row (type and class names, a map per row), 18% of an uncached page's CPU.
     */
    private List<User> list(UserSql.Query q) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, q);
             ResultSet rs = ps.executeQuery()) {
            List<User> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(toUser(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new PersistenceException("read of users failed", e);
        }
    }

    private static PreparedStatement prepare(Connection c, UserSql.Query q) throws SQLException {
        PreparedStatement ps = c.prepareStatement(q.sql());
        try {
            List<Object> params = q.params();
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    private static OffsetDateTime utcOrNull(Instant instant) {
        return instant == null ? null : utc(instant);
    }

    private static OffsetDateTime utc(Instant instant) {
        return UserSql.utc(instant);
    }

    /** A row of {@link UserSql#COLUMNS}, by position and with the types asked for (no lookup by name). */
    private User toUser(ResultSet rs) throws SQLException {
        return new User(
                new UserId(rs.getObject(1, UUID.class)),
                new Email(rs.getString(2)),
                new UserName(rs.getString(3)),
                instant(rs, 4),
                instant(rs, 5),
                rs.getLong(6),
                instant(rs, 7));
    }

    /**
     * A {@code timestamptz} column as an instant, null for SQL NULL. On PostgreSQL, a column the server sent in binary
     * (pgjdbc asks for binary once a statement is server-prepared) is read from its eight bytes: pgjdbc's own way
     * builds a {@code TimestampUtils} with a {@code GregorianCalendar} for every result set and goes through
     * {@code OffsetDateTime}, 7.6% of an uncached keyset page's CPU (JFR, 20 rows of three instants).
     */
    private Instant instant(ResultSet rs, int column) throws SQLException {
        if (!embedded) {
            byte[] raw = rs.getBytes(column);
            if (raw == null) {
                return null;
            }
            // A text timestamptz is never eight bytes long ("2026-01-31 12:00:00+00" is 22); ±infinity go the slow way.
            if (raw.length == 8) {
                long micros = (long) PG_TIMESTAMP.get(raw, 0);
                if (micros != Long.MAX_VALUE && micros != Long.MIN_VALUE) {
                    return Instant.ofEpochSecond(PG_EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L),
                            Math.floorMod(micros, 1_000_000L) * 1_000L);
                }
            }
        }
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            // 23505: unique_violation, in PostgreSQL and H2 alike.
            if ("23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return e.getCause() instanceof SQLException cause && cause != e && isUniqueViolation(cause);
    }

    private Email duplicateIn(List<User> users) {
        var seen = new java.util.HashSet<Email>();
        for (User u : users) {
            if (!seen.add(u.email()) || findByEmail(u.email())) {
                return u.email();
            }
        }
        return users.getFirst().email();
    }

    private boolean findByEmail(Email email) {
        return db.execute().get("SELECT 1 AS one FROM users WHERE email = ?", email.value()).isPresent();
    }

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    private interface InTransaction<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction on a pooled connection: committed if it returns, rolled back if it throws. */
    private <T> T transaction(InTransaction<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                if (reportCommits) {
                    reportCommit(c);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        }
    }

    /**
     * Reports where the commit just made on {@code c} ends. It is committed whatever happens here: a failure only
     * costs the client its consistency token (its reads then go wherever reads without one go), never the write.
     */
    private static void reportCommit(Connection c) {
        try {
            // Out of transaction mode (as the pool would set it on return anyway): the read opens no transaction.
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.warning(() -> "committed, but could not read the commit's WAL position: " + e);
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(COMMIT_POSITION); ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
                ReadYourWrites.committed(CommitPosition.parse(rs.getString(1)));
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warning(() -> "committed, but could not read the commit's WAL position (the answer carries no"
                    + " consistency token): " + e);
        }
    }

    /**
     * Rolls back after {@code failure}; a rollback that fails too (the connection is gone) is kept as suppressed,
     * so the caller still sees the first failure and its cause (a lost connection maps to 503, not 500).
     */
    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
