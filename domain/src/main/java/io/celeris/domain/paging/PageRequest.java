package io.celeris.domain.paging;

import java.util.Objects;
import java.util.Optional;

/** What page of a listing to read: by offset ({@link Offset}) or by position ({@link Keyset}). */
public sealed interface PageRequest permits PageRequest.Offset, PageRequest.Keyset {

    /**
     * @return the total order of the listing
     */
    Sort sort();

    /**
     * Page number and size; cheap to jump, costly when deep (the database walks every skipped row).
     *
     * @param page 1-based page number
     * @param size rows per page
     * @param sort total order
     */
    record Offset(long page, int size, Sort sort) implements PageRequest {
        public Offset {
            if (page < 1) {
                throw new IllegalArgumentException("page must be >= 1");
            }
            if (size < 1) {
                throw new IllegalArgumentException("size must be >= 1");
            }
            Objects.requireNonNull(sort, "sort");
        }

        /**
         * @return rows to skip
         */
        public long offset() {
            return Math.multiplyExact(page - 1, (long) size);
        }
    }

    /**
     * A page next to a cursor position, or the first page when there is none; costs the same at any depth.
     *
     * @param limit  rows per page
     * @param cursor where to start; empty for the first page
     * @param sort   total order
     */
    record Keyset(int limit, Optional<Cursor> cursor, Sort sort) implements PageRequest {
        public Keyset {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be >= 1");
            }
            Objects.requireNonNull(cursor, "cursor");
            Objects.requireNonNull(sort, "sort");
            cursor.ifPresent(c -> {
                if (c.keys().size() != sort.orders().size()) {
                    throw new IllegalArgumentException("cursor does not match the sort");
                }
            });
        }
    }
}
