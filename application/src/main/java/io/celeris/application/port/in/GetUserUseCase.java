package io.celeris.application.port.in;

import io.celeris.domain.user.UserId;

/** Reads one user, through the cache. */
public interface GetUserUseCase {

    /**
     * @param id the id
     * @return the user and how it was found
     * @throws io.celeris.domain.user.UserNotFoundException when there is none
     */
    UserLookup get(UserId id);
}
