package io.celeris.adapter.persistence;

import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Direction;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.DuplicateEmailException;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Users in a SQL table, through Helidon DB Client. Sort properties map to columns through a fixed
 * table; values always travel as bind parameters.
 */
final class JdbcUserRepository implements UserRepository {

    private static final String COLUMNS = "id, email, name, created_at, updated_at, version, last_login_at";
    private static final Map<String, String> SORT_COLUMNS = Map.of(
            "created_at", "created_at",
            "name", "name",
            "email", "email",
            Sort.ID, "id");
    /** DB Client binds a UUID as text; PostgreSQL wants the cast (H2 accepts it too). */
    private static final String UUID_PARAM = "CAST(? AS UUID)";
    private static final String INSERT =
            "INSERT INTO users (" + COLUMNS + ", email_domain) VALUES (" + UUID_PARAM + ", ?, ?, ?, ?, ?, ?, ?)";

    private final DbClient db;
    private final DataSource dataSource;

    JdbcUserRepository(DbClient db, DataSource dataSource) {
        this.db = db;
        this.dataSource = dataSource;
    }

    @Override
    public void insert(User user) {
        try {
            db.execute().insert(INSERT, user.id().value(), user.email().value(), user.name().value(),
                    utc(user.createdAt()), utc(user.updatedAt()), user.version(), utcOrNull(user.lastLoginAt()),
                    user.email().domain());
        } catch (RuntimeException e) {
            throw translate(e, user.email());
        }
    }

    @Override
    public void insertAll(List<User> users) {
        // DB Client has no batch API; a JDBC batch in one transaction loads demo data in well under a second.
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                int n = 0;
                for (User u : users) {
                    ps.setObject(1, u.id().value());
                    ps.setString(2, u.email().value());
                    ps.setString(3, u.name().value());
                    ps.setObject(4, utc(u.createdAt()));
                    ps.setObject(5, utc(u.updatedAt()));
                    ps.setLong(6, u.version());
                    ps.setObject(7, utcOrNull(u.lastLoginAt()));
                    ps.setString(8, u.email().domain());
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                    }
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateEmailException(duplicateIn(users));
            }
            throw new PersistenceException("batch insert of " + users.size() + " users failed", e);
        }
    }

    @Override
    public Optional<User> findById(UserId id) {
        return db.execute().get("SELECT " + COLUMNS + " FROM users WHERE id = " + UUID_PARAM, id.value())
                .map(JdbcUserRepository::toUser);
    }

    @Override
    public boolean update(User user, long expectedVersion) {
        try {
            return db.execute().update(
                    "UPDATE users SET email = ?, email_domain = ?, name = ?, updated_at = ?, version = ?, last_login_at = ?"
                            + " WHERE id = " + UUID_PARAM + " AND version = ?",
                    user.email().value(), user.email().domain(), user.name().value(), utc(user.updatedAt()),
                    user.version(), utcOrNull(user.lastLoginAt()),
                    user.id().value(), expectedVersion) == 1;
        } catch (RuntimeException e) {
            throw translate(e, user.email());
        }
    }

    @Override
    public boolean delete(UserId id, OptionalLong expectedVersion) {
        long n = expectedVersion.isPresent()
                ? db.execute().delete("DELETE FROM users WHERE id = " + UUID_PARAM + " AND version = ?", id.value(), expectedVersion.getAsLong())
                : db.execute().delete("DELETE FROM users WHERE id = " + UUID_PARAM, id.value());
        return n == 1;
    }

    @Override
    public List<User> findPage(Sort sort, long offset, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM users ORDER BY " + orderBy(sort, false) + " LIMIT ? OFFSET ?";
        return list(sql, limit, offset);
    }

    @Override
    public List<User> findNextTo(Sort sort, Optional<Cursor> cursor, int limit) {
        if (cursor.isEmpty()) {
            return list("SELECT " + COLUMNS + " FROM users ORDER BY " + orderBy(sort, false) + " LIMIT ?", limit);
        }
        boolean before = cursor.get().direction() == Cursor.Towards.BEFORE;
        var params = new ArrayList<>();
        String where = keysetPredicate(sort, cursor.get().keys(), before, params);
        params.add(limit);
        List<User> rows = list("SELECT " + COLUMNS + " FROM users WHERE " + where
                + " ORDER BY " + orderBy(sort, before) + " LIMIT ?", params.toArray());
        if (before) {
            // Read backwards from the cursor; hand back in sort order.
            rows = new ArrayList<>(rows);
            Collections.reverse(rows);
        }
        return rows;
    }

    @Override
    public long count() {
        return db.execute().get("SELECT COUNT(*) AS n FROM users")
                .map(r -> ((Number) r.column("n").get()).longValue())
                .orElse(0L);
    }

    private List<User> list(String sql, Object... params) {
        try (Stream<DbRow> rows = db.execute().query(sql, params)) {
            return rows.map(JdbcUserRepository::toUser).toList();
        }
    }

    private static String orderBy(Sort sort, boolean reversed) {
        var sb = new StringBuilder();
        for (Sort.Order o : sort.orders()) {
            Direction d = reversed ? o.direction().reversed() : o.direction();
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(column(o.property())).append(d == Direction.ASC ? " ASC" : " DESC");
        }
        return sb.toString();
    }

    /**
     * Rows strictly after (or before) the cursor row in sort order. When every key runs the same way
     * a row-value comparison lets the database seek the matching index; mixed directions expand to
     * {@code (a > x) OR (a = x AND b > y) ...}.
     */
    private static String keysetPredicate(Sort sort, List<Object> keys, boolean before, List<Object> params) {
        List<Sort.Order> orders = sort.orders();
        boolean uniform = orders.stream().allMatch(o -> o.direction() == orders.getFirst().direction());
        if (uniform) {
            boolean greater = (orders.getFirst().direction() == Direction.ASC) != before;
            var cols = new StringBuilder("(");
            var marks = new StringBuilder("(");
            for (int i = 0; i < orders.size(); i++) {
                cols.append(i == 0 ? "" : ", ").append(column(orders.get(i).property()));
                marks.append(i == 0 ? "" : ", ").append(param(orders.get(i).property()));
                params.add(bindable(keys.get(i)));
            }
            return cols + ") " + (greater ? ">" : "<") + " " + marks + ")";
        }
        var or = new StringBuilder("(");
        for (int i = 0; i < orders.size(); i++) {
            or.append(i == 0 ? "(" : " OR (");
            for (int j = 0; j < i; j++) {
                or.append(column(orders.get(j).property())).append(" = ").append(param(orders.get(j).property()))
                        .append(" AND ");
                params.add(bindable(keys.get(j)));
            }
            boolean greater = (orders.get(i).direction() == Direction.ASC) != before;
            or.append(column(orders.get(i).property())).append(greater ? " > " : " < ")
                    .append(param(orders.get(i).property())).append(')');
            params.add(bindable(keys.get(i)));
        }
        return or.append(')').toString();
    }

    private static String column(String property) {
        String c = SORT_COLUMNS.get(property);
        if (c == null) {
            throw new IllegalArgumentException("not sortable: " + property);
        }
        return c;
    }

    private static String param(String property) {
        return Sort.ID.equals(property) ? UUID_PARAM : "?";
    }

    private static Object bindable(Object key) {
        return key instanceof Instant i ? utc(i) : key;
    }

    private static OffsetDateTime utcOrNull(Instant instant) {
        return instant == null ? null : utc(instant);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static User toUser(DbRow row) {
        return new User(
                new UserId(uuid(row.column("id").get())),
                new Email(row.column("email").get(String.class)),
                new UserName(row.column("name").get(String.class)),
                instant(row.column("created_at").get()),
                instant(row.column("updated_at").get()),
                ((Number) row.column("version").get()).longValue(),
                row.column("last_login_at").asOptional().map(JdbcUserRepository::instant).orElse(null));
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case OffsetDateTime o -> o.toInstant();
            case Timestamp t -> t.toInstant();
            case Instant i -> i;
            case java.time.ZonedDateTime z -> z.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }

    private static RuntimeException translate(RuntimeException e, Email email) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isUniqueViolation(sql)) {
                return new DuplicateEmailException(email);
            }
        }
        return e;
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
}
