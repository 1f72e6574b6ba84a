package io.celeris.application.port.in;

import io.celeris.domain.paging.PageRequest;
import java.util.Objects;

/**
 * One keyset page of users.
 *
 * @param request limit, cursor and sort
 */
public record ListUsersByCursorQuery(PageRequest.Keyset request) {

    public ListUsersByCursorQuery {
        Objects.requireNonNull(request, "request");
    }
}
