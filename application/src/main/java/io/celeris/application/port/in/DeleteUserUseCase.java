package io.celeris.application.port.in;

/** Deletes users. */
public interface DeleteUserUseCase {

    /**
     * @param command what to delete
     * @throws io.celeris.domain.user.UserNotFoundException   when there is none, whatever the precondition
     * @throws io.celeris.domain.user.VersionMismatchException when the precondition does not hold for the stored version
     */
    void delete(DeleteUserCommand command);
}
