package io.celeris.application.service;

import io.celeris.application.port.in.UpdateUserCommand;
import io.celeris.application.port.in.UpdateUserUseCase;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserNotFoundException;
import io.celeris.domain.user.VersionMismatchException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Optimistic update: the repository decides the precondition and writes in one step, then the cached
 * copy is dropped. Nothing here reads a cache: a stale cached version can neither refuse nor allow a write.
 */
public final class UpdateUserService implements UpdateUserUseCase {

    private final UserRepository users;
    private final UserCaches caches;
    private final Clock clock;

    /**
     * @param users where users are stored
     * @param caches caches to correct after the write
     * @param clock  time source
     */
    public UpdateUserService(UserRepository users, UserCaches caches, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public User update(UpdateUserCommand command) {
        Optional<User> stored;
        try {
            stored = users.update(command.id(), command.email(), command.name(), clock.instant(), command.precondition());
        } finally {
            // Even a failed write may have raced a committed one: never leave a possibly stale copy.
            caches.changed(command.id());
        }
        if (stored.isEmpty()) {
            // Nothing changed: missing, or at a version the precondition refuses. Ask the store which.
            User now = users.findById(command.id()).orElseThrow(() -> new UserNotFoundException(command.id()));
            throw new VersionMismatchException(command.id(), command.precondition(), now.version());
        }
        return stored.get();
    }
}
