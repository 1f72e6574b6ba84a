package io.celeris.application.port.in;

import io.celeris.domain.paging.Page;
import io.celeris.domain.user.User;

/** Lists users by page number, with a total. */
public interface ListUsersByOffsetUseCase {

    /**
     * @param query the page
     * @return the page, with the total count; empty past the end
     * @throws io.celeris.domain.user.InvalidValueException when size or depth exceed the configured bounds
     */
    Page<User> list(ListUsersByOffsetQuery query);
}
