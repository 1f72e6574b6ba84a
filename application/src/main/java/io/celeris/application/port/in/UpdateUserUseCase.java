package io.celeris.application.port.in;

import io.celeris.domain.user.User;

/**
 * Replaces a user's details, optimistically: the command's precondition is decided against the stored
 * version in the same step as the write.
 */
public interface UpdateUserUseCase {

    /**
     * @param command the change
     * @return the stored user, one version later
     * @throws io.celeris.domain.user.UserNotFoundException   when there is none, whatever the precondition
     * @throws io.celeris.domain.user.VersionMismatchException when the precondition does not hold for the stored version
     * @throws io.celeris.domain.user.DuplicateEmailException when the new email is taken
     */
    User update(UpdateUserCommand command);
}
