package io.celeris.application.port.in;

/** Deletes users. */
public interface DeleteUserUseCase {

    /**
     * @param command what to delete
     * @throws io.celeris.domain.user.UserNotFoundException   when there is none
     * @throws io.celeris.domain.user.VersionMismatchException when it is not at the expected version
     */
    void delete(DeleteUserCommand command);
}
