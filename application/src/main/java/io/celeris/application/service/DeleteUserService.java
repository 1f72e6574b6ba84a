package io.celeris.application.service;

import io.celeris.application.port.in.DeleteUserCommand;
import io.celeris.application.port.in.DeleteUserUseCase;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserNotFoundException;
import io.celeris.domain.user.VersionMismatchException;
import java.util.Objects;

/**
 * Deletes a user; the repository decides the precondition and deletes in one step, then the cached
 * copy is dropped.
 */
public final class DeleteUserService implements DeleteUserUseCase {

    private final UserRepository users;
    private final UserCaches caches;

    /**
     * @param users where users are stored
     * @param caches caches to correct after the write
     */
    public DeleteUserService(UserRepository users, UserCaches caches) {
        this.users = Objects.requireNonNull(users, "users");
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public void delete(DeleteUserCommand command) {
        boolean deleted;
        try {
            deleted = users.delete(command.id(), command.precondition());
        } finally {
            caches.changed(command.id());
        }
        if (!deleted) {
            User now = users.findById(command.id()).orElseThrow(() -> new UserNotFoundException(command.id()));
            throw new VersionMismatchException(command.id(), command.precondition(), now.version());
        }
    }
}
