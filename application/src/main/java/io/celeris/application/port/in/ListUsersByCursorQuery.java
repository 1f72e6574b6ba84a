package io.celeris.application.port.in;

import io.celeris.domain.paging.PageRequest;
import io.celeris.domain.user.UserFilter;
import java.util.Objects;

/**
 * One keyset page of users.
 *
 * @param request limit, cursor and sort
 * @param filter  which users
 */
public record ListUsersByCursorQuery(PageRequest.Keyset request, UserFilter filter) {

    public ListUsersByCursorQuery {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(filter, "filter");
    }
}
