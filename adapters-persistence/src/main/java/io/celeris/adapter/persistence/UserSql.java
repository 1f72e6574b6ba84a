package io.celeris.adapter.persistence;

import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Direction;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the SQL of listings. Sort properties map to columns through a fixed table and every value is
 * a bind parameter: nothing from a request is spliced into SQL.
 *
 * <p>Keyset pages are written so that the database seeks an index to the cursor instead of scanning
 * from the start: a row-value comparison {@code (a, id) > (?, ?)} when all keys run one way, else a
 * seekable bound on the first key ({@code a >= ?}) with the exact expanded comparison beside it.
 * NULLs (only in a {@link UserSortKey#nullable()} key) sort last in both directions; a nullable first key is
 * read in two segments, the non-NULL rows then the NULL rows, each of them a plain index range.
 */
final class UserSql {

    static final String COLUMNS = "id, email, name, created_at, updated_at, version, last_login_at";
    /** DB Client binds a UUID as text; PostgreSQL wants the cast (H2 accepts it too). */
    static final String UUID_PARAM = "CAST(? AS UUID)";

    /** A sort key's column; what the key is (its type, whether it can be NULL) is {@link UserSortKey}'s. */
    private record Column(String sql, UserSortKey key) {
        boolean nullable() {
            return key.nullable();
        }

        boolean uuid() {
            return key.type() == UUID.class;
        }
    }

    private static final Map<UserSortKey, Column> SORT_COLUMNS = new EnumMap<>(UserSortKey.class);

    static {
        for (UserSortKey key : UserSortKey.values()) {
            SORT_COLUMNS.put(key, new Column(columnOf(key), key));
        }
    }

    /** Exhaustive: a new sort key does not compile until it has a column. */
    private static String columnOf(UserSortKey key) {
        return switch (key) {
            case CREATED_AT -> "created_at";
            case NAME -> "name";
            case EMAIL -> "email";
            case LAST_LOGIN_AT -> "last_login_at";
            case ID -> "id";
        };
    }

    /**
     * A statement and its parameters.
     *
     * @param sql    the SQL
     * @param params the bind values, in order
     */
    record Query(String sql, List<Object> params) {
    }

    private UserSql() {
    }

    static Query page(UserFilter filter, Sort sort, long offset, int limit) {
        var params = new ArrayList<>();
        String where = where(filter, params);
        params.add(limit);
        params.add(offset);
        return new Query("SELECT " + COLUMNS + " FROM users" + where + " ORDER BY " + orderBy(sort, false)
                + " LIMIT ? OFFSET ?", params);
    }

    static Query count(UserFilter filter) {
        var params = new ArrayList<>();
        return new Query("SELECT COUNT(*) AS n FROM users" + where(filter, params), params);
    }

    static Query estimate(UserFilter filter) {
        var params = new ArrayList<>();
        return new Query("EXPLAIN (FORMAT JSON) SELECT 1 FROM users" + where(filter, params), params);
    }

    /**
     * The queries of one keyset page, to run in order until {@code limit} rows are read. Rows come in
     * traversal order: sort order after a cursor, reverse sort order before one.
     */
    static List<Query> nextTo(UserFilter filter, Sort sort, Cursor cursor, int limit) {
        boolean reversed = cursor != null && cursor.direction() == Cursor.Towards.BEFORE;
        List<Sort.Order> orders = sort.orders();
        String orderBy = " ORDER BY " + orderBy(sort, reversed);
        // Unfiltered, the first statement carries its LIMIT as a literal: with "LIMIT ?" PostgreSQL never leaves
        // custom plans for a prepared keyset statement (the generic plan's cost, not knowing the limit, looks too
        // high), so it plans every execution (about 60-100 us of its CPU, three times the execution); with the
        // literal it takes the generic plan (the same index range at any depth) after five. Filtered statements keep
        // the parameter and their custom plans: a generic plan cannot know how selective a filter value is.
        boolean literal = filter.isEmpty();
        String firstOrder = orderBy + (literal ? " LIMIT " + limit : " LIMIT ?");
        Integer firstLimit = literal ? null : limit;
        String order = orderBy + " LIMIT ?";
        if (cursor == null) {
            var params = new ArrayList<>();
            String where = where(filter, params);
            if (firstLimit != null) {
                params.add(firstLimit);
            }
            return List.of(new Query("SELECT " + COLUMNS + " FROM users" + where + firstOrder, params));
        }
        List<Object> keys = cursor.keys();
        Column first = column(orders.getFirst().property());
        if (!first.nullable()) {
            return List.of(segment(filter, sort, keys, reversed, null, firstOrder, firstLimit));
        }
        // A nullable first key: the non-NULL rows and the NULL rows (which come after them) are two ranges. The
        // second runs only for the rest of a page (its LIMIT, always a parameter, is set then).
        boolean cursorInNulls = keys.getFirst() == null;
        String notNull = first.sql() + " IS NOT NULL";
        String isNull = first.sql() + " IS NULL";
        if (!reversed) {
            return cursorInNulls
                    ? List.of(segment(filter, sort, keys, false, isNull, firstOrder, firstLimit))
                    : List.of(segment(filter, sort, keys, false, notNull, firstOrder, firstLimit),
                              whole(filter, isNull, order, limit));
        }
        return cursorInNulls
                ? List.of(segment(filter, sort, keys, true, isNull, firstOrder, firstLimit),
                          whole(filter, notNull, order, limit))
                : List.of(segment(filter, sort, keys, true, notNull, firstOrder, firstLimit));
    }

    /**
     * Rows of one segment past the cursor. {@code segment} fixes the NULL-ness of the first key; {@code limit} is
     * null when {@code order} holds it as a literal.
     */
    private static Query segment(UserFilter filter, Sort sort, List<Object> keys, boolean reversed, String segment,
                                 String order, Integer limit) {
        var params = new ArrayList<>();
        var conditions = new ArrayList<String>();
        String filterSql = filterConditions(filter, params);
        if (!filterSql.isEmpty()) {
            conditions.add(filterSql);
        }
        if (segment != null) {
            conditions.add(segment);
        }
        List<Sort.Order> orders = sort.orders();
        int from = 0;
        if (keys.getFirst() == null) {
            // Inside the NULL segment the first key is settled; compare the others.
            from = 1;
        }
        conditions.add(after(orders.subList(from, orders.size()), keys.subList(from, keys.size()), reversed, params));
        if (limit != null) {
            params.add(limit);
        }
        return new Query("SELECT " + COLUMNS + " FROM users WHERE " + String.join(" AND ", conditions) + order, params);
    }

    private static Query whole(UserFilter filter, String segment, String order, int limit) {
        var params = new ArrayList<>();
        String filterSql = filterConditions(filter, params);
        params.add(limit);
        return new Query("SELECT " + COLUMNS + " FROM users WHERE " + (filterSql.isEmpty() ? "" : filterSql + " AND ")
                + segment + order, params);
    }

    /**
     * Rows strictly past the given key values in traversal order. In forward traversal NULLs come after
     * every value, in reverse traversal before.
     */
    private static String after(List<Sort.Order> orders, List<Object> keys, boolean reversed, List<Object> params) {
        boolean nullsAfter = !reversed;
        Direction firstDir = effective(orders.getFirst(), reversed);
        boolean uniform = true;
        for (int i = 0; i < orders.size(); i++) {
            if (effective(orders.get(i), reversed) != firstDir
                    || keys.get(i) == null || column(orders.get(i).property()).nullable() && i > 0) {
                uniform = false;
            }
        }
        if (uniform) {
            var cols = new StringBuilder("(");
            var marks = new StringBuilder("(");
            for (int i = 0; i < orders.size(); i++) {
                Column c = column(orders.get(i).property());
                cols.append(i == 0 ? "" : ", ").append(c.sql());
                marks.append(i == 0 ? "" : ", ").append(param(c));
                params.add(bindable(keys.get(i)));
            }
            return cols + ") " + (firstDir == Direction.ASC ? ">" : "<") + " " + marks + ")";
        }
        var sql = new StringBuilder();
        Object firstKey = keys.getFirst();
        Column firstCol = column(orders.getFirst().property());
        if (firstKey != null) {
            // A bound the index can seek to; the expanded comparison below decides exactly.
            sql.append(firstCol.sql()).append(firstDir == Direction.ASC ? " >= " : " <= ").append(param(firstCol))
                    .append(" AND ");
            params.add(bindable(firstKey));
        }
        sql.append('(');
        boolean any = false;
        for (int i = 0; i < orders.size(); i++) {
            Column c = column(orders.get(i).property());
            Object v = keys.get(i);
            String past = past(c, v, effective(orders.get(i), reversed), nullsAfter, params, i);
            if (past == null) {
                // Nothing lies past a NULL where NULLs come last; undo the equalities bound for this term.
                continue;
            }
            var term = new StringBuilder();
            var termParams = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                Column cj = column(orders.get(j).property());
                Object vj = keys.get(j);
                if (vj == null) {
                    term.append(cj.sql()).append(" IS NULL AND ");
                } else {
                    term.append(cj.sql()).append(" = ").append(param(cj)).append(" AND ");
                    termParams.add(bindable(vj));
                }
            }
            sql.append(any ? " OR (" : "(").append(term).append(past).append(')');
            params.addAll(params.size() - pastParams(v), termParams);
            any = true;
        }
        if (!any) {
            sql.append("1 = 0");
        }
        return sql.append(')').toString();
    }

    /** The condition "this key is past v"; null when nothing can be. Adds its own parameter, if any. */
    private static String past(Column c, Object v, Direction dir, boolean nullsAfter, List<Object> params, int index) {
        if (v == null) {
            return nullsAfter ? null : c.sql() + " IS NOT NULL";
        }
        params.add(bindable(v));
        String cmp = c.sql() + (dir == Direction.ASC ? " > " : " < ") + param(c);
        return c.nullable() && nullsAfter ? "(" + cmp + " OR " + c.sql() + " IS NULL)" : cmp;
    }

    private static int pastParams(Object v) {
        return v == null ? 0 : 1;
    }

    private static Direction effective(Sort.Order o, boolean reversed) {
        return reversed ? o.direction().reversed() : o.direction();
    }

    static String orderBy(Sort sort, boolean reversed) {
        var sb = new StringBuilder();
        for (Sort.Order o : sort.orders()) {
            Column c = column(o.property());
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(c.sql()).append(effective(o, reversed) == Direction.ASC ? " ASC" : " DESC");
            if (c.nullable()) {
                sb.append(reversed ? " NULLS FIRST" : " NULLS LAST");
            }
        }
        return sb.toString();
    }

    private static String where(UserFilter filter, List<Object> params) {
        String conditions = filterConditions(filter, params);
        return conditions.isEmpty() ? "" : " WHERE " + conditions;
    }

    private static String filterConditions(UserFilter filter, List<Object> params) {
        var parts = new ArrayList<String>();
        filter.namePrefix().ifPresent(p -> {
            parts.add("name LIKE ? ESCAPE '\\'");
            params.add(p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        filter.emailDomain().ifPresent(d -> {
            parts.add("email_domain = ?");
            params.add(d);
        });
        filter.createdAfter().ifPresent(t -> {
            parts.add("created_at > ?");
            params.add(utc(t));
        });
        filter.createdBefore().ifPresent(t -> {
            parts.add("created_at < ?");
            params.add(utc(t));
        });
        return String.join(" AND ", parts);
    }

    private static Column column(String property) {
        return SORT_COLUMNS.get(UserSortKey.of(property));
    }

    private static String param(Column c) {
        return c.uuid() ? UUID_PARAM : "?";
    }

    static Object bindable(Object key) {
        return key instanceof Instant i ? utc(i) : key;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
