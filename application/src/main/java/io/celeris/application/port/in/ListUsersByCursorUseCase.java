package io.celeris.application.port.in;

import io.celeris.domain.paging.Page;
import io.celeris.domain.user.User;

/** Lists users by cursor: the same cost at any depth. */
public interface ListUsersByCursorUseCase {

    /**
     * @param query the page
     * @return the page, with cursors to its neighbours
     * @throws io.celeris.domain.user.InvalidValueException when the limit exceeds the configured bound
     */
    Page<User> list(ListUsersByCursorQuery query);
}
