package io.celeris.application.port.in;

import io.celeris.domain.paging.PageRequest;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import java.util.Objects;

/**
 * One keyset page of users.
 *
 * @param request limit, cursor and sort; the sort is over {@link UserSortKey}s and the cursor's key values fit it
 * @param filter  which users
 */
public record ListUsersByCursorQuery(PageRequest.Keyset request, UserFilter filter) {

    public ListUsersByCursorQuery {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(filter, "filter");
        request.sort().orders().forEach(o -> UserSortKey.of(o.property()));
        request.cursor().ifPresent(c -> UserSortKey.requireFit(request.sort(), c.keys()));
    }
}
