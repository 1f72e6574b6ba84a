package io.celeris.domain.paging;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of a listing.
 *
 * @param items    the rows, in the order of the request's sort
 * @param next     where the following page starts, if there is one (keyset pages)
 * @param previous where the preceding page ends, if there is one (keyset pages)
 * @param total    how many rows the whole listing has, when it was counted (offset pages)
 * @param totalIsEstimate true when {@code total} comes from statistics, not from a count
 * @param <T>      row type
 */
public record Page<T>(List<T> items, Optional<Cursor> next, Optional<Cursor> previous, OptionalLong total,
                      boolean totalIsEstimate) {

    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(total, "total");
    }

    /**
     * An offset page with a counted total.
     *
     * @param items rows
     * @param total rows in the whole listing
     * @param <T>   row type
     * @return the page
     */
    public static <T> Page<T> counted(List<T> items, long total) {
        return new Page<>(items, Optional.empty(), Optional.empty(), OptionalLong.of(total), false);
    }

    /**
     * An offset page with a total that is exact, estimated, or absent.
     *
     * @param items    rows
     * @param total    rows in the whole listing, if known
     * @param estimate whether the total is an estimate
     * @param <T>      row type
     * @return the page
     */
    public static <T> Page<T> offset(List<T> items, OptionalLong total, boolean estimate) {
        return new Page<>(items, Optional.empty(), Optional.empty(), total, estimate && total.isPresent());
    }

    /**
     * A keyset page.
     *
     * @param items    rows
     * @param next     cursor to the next page, if any
     * @param previous cursor to the previous page, if any
     * @param <T>      row type
     * @return the page
     */
    public static <T> Page<T> keyset(List<T> items, Optional<Cursor> next, Optional<Cursor> previous) {
        return new Page<>(items, next, previous, OptionalLong.empty(), false);
    }
}
