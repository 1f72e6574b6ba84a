package io.celeris.application.service;

import io.celeris.application.port.in.UpdateUserCommand;
import io.celeris.application.port.in.UpdateUserUseCase;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserNotFoundException;
import io.celeris.domain.user.VersionMismatchException;
import java.time.Clock;
import java.util.Objects;

/** Optimistic update: compare-and-set on the version, then drop the cached copy. */
public final class UpdateUserService implements UpdateUserUseCase {

    private final UserRepository users;
    private final CachePort<UserId, User> cache;
    private final CachePort<UserFilter, Long> totals;
    private final Clock clock;

    /**
     * @param users where users are stored
     * @param cache  users by id
     * @param totals listing totals, emptied after the write (a new name or email changes filtered counts)
     * @param clock  time source
     */
    public UpdateUserService(UserRepository users, CachePort<UserId, User> cache, CachePort<UserFilter, Long> totals,
                             Clock clock) {
        this.totals = Objects.requireNonNull(totals, "totals");
        this.users = Objects.requireNonNull(users, "users");
        this.cache = Objects.requireNonNull(cache, "cache");
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
            cache.invalidate(command.id());
            totals.invalidateAll();
        }
        if (!stored) {
            // Changed or deleted between our read and our write.
            User now = users.findById(command.id()).orElseThrow(() -> new UserNotFoundException(command.id()));
            throw new VersionMismatchException(command.id(), command.expectedVersion().orElse(base), now.version());
        }
        return changed;
    }
}
