package io.celeris.domain.paging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A position between two rows of a sorted listing: the sort-key values of the row at the edge of the
 * last page, and which way to read from there. It says nothing of page numbers, so it stays valid
 * while rows are inserted and deleted, and a database can seek to it through an index.
 *
 * <p>Values are one per key of the {@link Sort} the cursor was made for, in order, each of its key's type
 * ({@code String}, {@code java.time.Instant} or {@code java.util.UUID}; for users, see
 * {@code io.celeris.domain.user.UserSortKey}), or {@code null} where the key can be absent. How a cursor is
 * written on the wire (encoded, signed) is the HTTP adapter's business.
 *
 * @param direction {@link Towards#AFTER} reads the rows after the edge row, {@link Towards#BEFORE} the rows before it
 * @param keys      the edge row's sort-key values
 */
public record Cursor(Towards direction, List<Object> keys) {

    public Cursor {
        Objects.requireNonNull(direction, "direction");
        // List.copyOf rejects nulls, and a nullable sort key may be null.
        keys = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(keys, "keys")));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a cursor needs at least one key value");
        }
    }

    /** Which side of the edge row a page lies on. */
    public enum Towards {
        AFTER,
        BEFORE
    }
}
