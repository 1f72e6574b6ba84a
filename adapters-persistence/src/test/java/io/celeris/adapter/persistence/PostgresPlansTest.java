package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On PostgreSQL with enough rows for the planner to care: a keyset page deep in the table is an index
 * range read, never a scan or a sort of the whole table, and it touches about as many buffers as the
 * first page. A multi-key sort seeks on its first key and sorts only within a group of equal first keys,
 * so its cost follows the size of that group (for example all users who never signed in), not the depth. Also: the estimated count is the planner's and lands near the truth.
 */
class PostgresPlansTest {

    private static final int ROWS = 60_000;
    private static final Pattern BUFFERS = Pattern.compile("Buffers: shared (?:hit=(\\d+))?\\s*(?:read=(\\d+))?");
    private static Persistence persistence;
    private static PostgresTestDatabase pg;

    @BeforeAll
    static void seed() throws SQLException {
        pg = PostgresTestDatabase.get();
        persistence = Persistence.start(pg.settings());
        persistence.truncateForTests();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            // Duplicate names, shared timestamps, a third of the logins NULL: the shapes that break naive keysets.
            s.execute("INSERT INTO users (id, email, name, created_at, updated_at, version, last_login_at, email_domain) "
                    + "SELECT gen_random_uuid(), 'u' || g || '@d' || (g % 7) || '.example', 'Name ' || (g % 500), "
                    + "timestamptz '2026-01-01' + make_interval(secs => g / 3), timestamptz '2026-01-01', 1, "
                    + "CASE WHEN g % 3 = 0 THEN NULL ELSE timestamptz '2026-02-01' + make_interval(secs => (g * 7919) % 100000) END, "
                    + "'d' || (g % 7) || '.example' FROM generate_series(1, " + ROWS + ") g");
            s.execute("ANALYZE users");
        }
    }

    @AfterAll
    static void close() {
        if (persistence != null) {
            persistence.truncateForTests();
            persistence.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"created_at", "-created_at", "name", "-name", "email", "-email", "last_login_at", "-last_login_at"})
    void deepKeysetPagesAreIndexRangesInBothDirections(String sortText) throws SQLException {
        Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
        var repo = persistence.userRepository();
        for (long depth : new long[] {ROWS / 2, ROWS - 100}) {
            User edge = repo.findPage(UserFilter.NONE, sort, depth, 1).getFirst();
            for (Cursor.Towards towards : Cursor.Towards.values()) {
                Cursor cursor = UserSortKey.cursorAt(edge, sort, towards);
                for (UserSql.Query q : UserSql.nextTo(UserFilter.NONE, sort, cursor, 21)) {
                    String plan = explain(q);
                    String what = sortText + " " + towards + " at " + depth + ":\n" + plan;
                    assertThat(plan).as(what).containsPattern("Index (Only )?Scan");
                    assertThat(plan).as(what).doesNotContain("Seq Scan");
                    // An incremental sort over a presorted key sorts within groups of equal keys, never the table.
                    assertThat(plan.lines().filter(l -> l.strip().startsWith("->  Sort") || l.startsWith("Sort")).toList())
                            .as(what).isEmpty();
                    assertThat(buffers(plan)).as("buffers touched, " + what).isLessThan(200);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"name,-created_at", "created_at,last_login_at", "-name,email"})
    void multiKeySortsSeekOnTheFirstKeyAndSortOnlyWithinIt(String sortText) throws SQLException {
        Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
        var repo = persistence.userRepository();
        User edge = repo.findPage(UserFilter.NONE, sort, ROWS - 500, 1).getFirst();
        for (UserSql.Query q : UserSql.nextTo(UserFilter.NONE, sort, UserSortKey.cursorAt(edge, sort, Cursor.Towards.AFTER), 21)) {
            String plan = explain(q);
            assertThat(plan).as(plan).doesNotContain("Seq Scan").containsPattern("Index (Only )?Scan");
            assertThat(buffers(plan)).as(plan).isLessThan(2_000);
        }
    }

    /**
     * An unfiltered keyset statement is planned once, not per request: PostgreSQL takes the generic plan for the
     * pooled connection's server-prepared statement (pgjdbc prepares on the server after five uses), and that plan
     * is the same index range read at any depth. With {@code LIMIT ?} it kept custom plans, planning every execution.
     */
    @ParameterizedTest
    @ValueSource(strings = {"created_at", "-created_at", "name", "-name", "email", "last_login_at", "-last_login_at"})
    void unfilteredKeysetStatementsRunOnTheirGenericPlan(String sortText) throws SQLException {
        Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
        var repo = persistence.userRepository();
        User edge = repo.findPage(UserFilter.NONE, sort, ROWS / 2, 1).getFirst();
        for (Cursor.Towards towards : Cursor.Towards.values()) {
            UserSql.Query q = UserSql.nextTo(UserFilter.NONE, sort, UserSortKey.cursorAt(edge, sort, towards), 21)
                    .getFirst();
            String what = sortText + " " + towards + ": " + q.sql();
            try (Connection c = connect()) {
                // pgjdbc server-prepares on the 5th use; PostgreSQL plans the first 5 executions of that statement custom.
                for (int i = 0; i < 14; i++) {
                    try (PreparedStatement ps = c.prepareStatement(q.sql())) {
                        bind(ps, q.params());
                        try (ResultSet rs = ps.executeQuery()) {
                            int rows = 0;
                            while (rs.next()) {
                                rows++;
                            }
                            assertThat(rows).as(what).isEqualTo(21);
                        }
                    }
                }
                long generic = 0;
                try (Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT coalesce(sum(generic_plans), 0) FROM pg_prepared_statements"
                             + " WHERE statement LIKE 'SELECT id, email, name%FROM users WHERE%'")) {
                    rs.next();
                    generic = rs.getLong(1);
                }
                assertThat(generic).as("executions on the generic plan, " + what).isPositive();
            }
            String plan = explainGeneric(q);
            assertThat(plan).as(what + "\n" + plan).containsPattern("Index (Only )?Scan").doesNotContain("Seq Scan");
            assertThat(buffers(plan)).as("buffers touched on the generic plan, " + what + "\n" + plan).isLessThan(200);
        }
    }

    @org.junit.jupiter.api.Test
    void estimatedCountsComeFromThePlannerAndLandNearTheTruth() {
        var repo = persistence.userRepository();
        assertThat(repo.estimateCount(UserFilter.NONE)).isPresent();
        assertThat(repo.estimateCount(UserFilter.NONE).getAsLong()).isBetween(ROWS * 9L / 10, ROWS * 11L / 10);
        var oneDomain = new UserFilter(java.util.Optional.empty(), java.util.Optional.of("d3.example"),
                java.util.Optional.empty(), java.util.Optional.empty());
        long exact = repo.count(oneDomain);
        assertThat(repo.estimateCount(oneDomain)).isPresent();
        assertThat(repo.estimateCount(oneDomain).getAsLong()).isBetween(exact / 2, exact * 2);
    }

    private static String explain(UserSql.Query q) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + q.sql())) {
            List<Object> params = q.params();
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            var sb = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sb.append(rs.getString(1)).append('\n');
                }
            }
            return sb.toString();
        }
    }

    /**
     * EXPLAIN ANALYZE of the statement on its generic plan: PREPAREd with $n placeholders, executed with its values as
     * literals under {@code plan_cache_mode = force_generic_plan}.
     */
    private static String explainGeneric(UserSql.Query q) throws SQLException {
        var sql = new StringBuilder();
        int n = 0;
        for (char ch : q.sql().toCharArray()) {
            sql.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
        }
        var args = new StringBuilder();
        for (Object p : q.params()) {
            args.append(args.isEmpty() ? "" : ", ");
            args.append(p instanceof Number ? p.toString() : "'" + p.toString().replace("'", "''") + "'");
        }
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute("PREPARE generic_keyset AS " + sql);
            st.execute("SET plan_cache_mode = force_generic_plan");
            var out = new StringBuilder();
            try (ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE generic_keyset"
                    + (args.isEmpty() ? "" : "(" + args + ")"))) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            return out.toString();
        }
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
    }

    /** Shared buffers of the top plan node (the first Buffers line): what the whole query touched. */
    private static long buffers(String plan) {
        Matcher m = BUFFERS.matcher(plan);
        if (!m.find()) {
            return 0;
        }
        long hit = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        long read = m.group(2) == null ? 0 : Long.parseLong(m.group(2));
        return hit + read;
    }

    private static Connection connect() throws SQLException {
        var props = new java.util.Properties();
        props.setProperty("user", pg.user());
        props.setProperty("password", pg.password());
        return DriverManager.getConnection(pg.url(), props);
    }
}
