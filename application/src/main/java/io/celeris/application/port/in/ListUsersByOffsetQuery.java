package io.celeris.application.port.in;

import io.celeris.domain.paging.PageRequest;
import java.util.Objects;

/**
 * One numbered page of users.
 *
 * @param request page number, size and sort
 */
public record ListUsersByOffsetQuery(PageRequest.Offset request) {

    public ListUsersByOffsetQuery {
        Objects.requireNonNull(request, "request");
    }
}
