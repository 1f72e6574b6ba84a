package io.celeris.application.port.in;

import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.PageRequest;
import io.celeris.domain.user.UserFilter;
import java.util.Objects;

/**
 * One numbered page of users.
 *
 * @param request page number, size and sort
 * @param filter  which users
 * @param count   how to count the whole listing
 */
public record ListUsersByOffsetQuery(PageRequest.Offset request, UserFilter filter, CountMode count) {

    public ListUsersByOffsetQuery {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(count, "count");
    }
}
