package io.celeris.application.service;

import io.celeris.application.port.in.DeleteUserCommand;
import io.celeris.application.port.in.DeleteUserUseCase;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserNotFoundException;
import io.celeris.domain.user.VersionMismatchException;
import java.util.Objects;

/** Deletes a user (conditionally when a version is given), then drops the cached copy. */
public final class DeleteUserService implements DeleteUserUseCase {

    private final UserRepository users;
    private final CachePort<UserId, User> cache;
    private final CachePort<UserFilter, Long> totals;

    /**
     * @param users where users are stored
     * @param cache  users by id
     * @param totals listing totals, emptied after the write
     */
    public DeleteUserService(UserRepository users, CachePort<UserId, User> cache, CachePort<UserFilter, Long> totals) {
        this.totals = Objects.requireNonNull(totals, "totals");
        this.users = Objects.requireNonNull(users, "users");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public void delete(DeleteUserCommand command) {
        boolean deleted;
        try {
            deleted = users.delete(command.id(), command.expectedVersion());
        } finally {
            cache.invalidate(command.id());
            totals.invalidateAll();
        }
        if (!deleted) {
            User now = users.findById(command.id()).orElseThrow(() -> new UserNotFoundException(command.id()));
            throw new VersionMismatchException(command.id(), command.expectedVersion().orElse(-1), now.version());
        }
    }
}
