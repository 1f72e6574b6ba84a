package io.celeris.application.service;

import io.celeris.application.port.in.UpdateUserCommand;
import io.celeris.application.port.in.UpdateUserUseCase;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserNotFoundException;
import io.celeris.domain.user.VersionMismatchException;
import java.time.Clock;
import java.util.Objects;

/** Optimistic update: compare-and-set on the version, then drop the cached copy. */
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
        User current = users.findById(command.id()).orElseThrow(() -> new UserNotFoundException(command.id()));
        long base = current.version();
        if (command.expectedVersion().isPresent() && command.expectedVersion().getAsLong() != base) {
            throw new VersionMismatchException(command.id(), command.expectedVersion().getAsLong(), base);
        }
        User changed = current.update(command.email(), command.name(), clock.instant());
        boolean stored;
        try {
            stored = users.update(changed, base);
        } finally {
            // Even a failed write may have raced a committed one: never leave a possibly stale copy.
            caches.changed(command.id());
        }
        if (!stored) {
            // Changed or deleted between our read and our write.
            User now = users.findById(command.id()).orElseThrow(() -> new UserNotFoundException(command.id()));
            throw new VersionMismatchException(command.id(), command.expectedVersion().orElse(base), now.version());
        }
        return changed;
    }
}
