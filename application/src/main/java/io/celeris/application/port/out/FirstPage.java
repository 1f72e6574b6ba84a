package io.celeris.application.port.out;

import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import java.util.Objects;

/**
 * The key of a cached first page: which listing, which users, in which order, how many rows. Only first
 * pages are cached (the busiest by far, and the same for every client); deeper pages depend on a cursor
 * or an offset and are read from the database.
 *
 * @param kind   cursor or offset listing (their first pages hold different row counts)
 * @param filter which users
 * @param sort   in which order
 * @param rows   how many rows the repository was asked for
 */
public record FirstPage(Kind kind, UserFilter filter, Sort sort, int rows) {

    /** The listing a first page belongs to. */
    public enum Kind {
        /** {@code limit} + 1 rows from the start of a keyset listing. */
        CURSOR,
        /** {@code size} rows at offset 0 of a numbered listing. */
        OFFSET
    }

    public FirstPage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(sort, "sort");
    }

    /**
     * @return a canonical text of the key: equal keys give equal texts, different keys different texts (the
     *         filter's text escapes its own delimiters and is last)
     */
    public String text() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "|" + rows + "|" + sort.text() + "|" + filter.text();
    }

    // Written out instead of the record's generated methods: those are linked through invokedynamic on their
    // first call, and virtual threads making that first call at once pin their carriers (VirtualThreadPinningTest).
    @Override
    public boolean equals(Object o) {
        return o instanceof FirstPage p && kind == p.kind && rows == p.rows && sort.equals(p.sort)
                && filter.equals(p.filter);
    }

    @Override
    public int hashCode() {
        return ((kind.hashCode() * 31 + rows) * 31 + sort.hashCode()) * 31 + filter.hashCode();
    }

    @Override
    public String toString() {
        return "FirstPage[" + text() + "]";
    }
}
