package io.celeris.application.port.in;

import io.celeris.domain.user.User;

/** Creates users. */
public interface CreateUserUseCase {

    /**
     * @param command what to create
     * @return the stored user, at version 1
     * @throws io.celeris.domain.user.DuplicateEmailException when the email is taken
     */
    User create(CreateUserCommand command);
}
