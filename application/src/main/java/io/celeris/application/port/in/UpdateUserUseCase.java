package io.celeris.application.port.in;

import io.celeris.domain.user.User;

/** Replaces a user's details, optimistically. */
public interface UpdateUserUseCase {

    /**
     * @param command the change
     * @return the stored user, one version later
     * @throws io.celeris.domain.user.UserNotFoundException   when there is none
     * @throws io.celeris.domain.user.VersionMismatchException when it is not at the expected version
     * @throws io.celeris.domain.user.DuplicateEmailException when the new email is taken
     */
    User update(UpdateUserCommand command);
}
