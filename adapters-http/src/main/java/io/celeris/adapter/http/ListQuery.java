package io.celeris.adapter.http;

import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import java.util.Objects;
import java.util.Optional;

/** What {@code GET /users} asks for, read from its query: a page by offset or by cursor, sorted and filtered. */
sealed interface ListQuery permits ListQuery.ByOffset, ListQuery.ByCursor {

    Sort sort();

    UserFilter filter();

    /**
     * @param sort   the order
     * @param filter which users
     * @param page   1-based page number
     * @param size   rows per page
     * @param count  how to count the total
     */
    record ByOffset(Sort sort, UserFilter filter, long page, int size, CountMode count) implements ListQuery {
        public ByOffset {
            Objects.requireNonNull(sort, "sort");
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(count, "count");
            if (page < 1 || size < 1) {
                throw new IllegalArgumentException("page and size start at 1");
            }
        }
    }

    /**
     * @param sort   the order
     * @param filter which users
     * @param limit  rows per page
     * @param cursor the cursor token as sent, not yet verified (that needs the codec's secret)
     */
    record ByCursor(Sort sort, UserFilter filter, int limit, Optional<String> cursor) implements ListQuery {
        public ByCursor {
            Objects.requireNonNull(sort, "sort");
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(cursor, "cursor");
            if (limit < 1) {
                throw new IllegalArgumentException("limit starts at 1");
            }
        }
    }
}
