package io.celeris.application.service;

import io.celeris.application.port.in.CreateUserCommand;
import io.celeris.application.port.in.CreateUserUseCase;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UuidV7;
import java.time.Clock;
import java.util.Objects;

/** Creates a user with a fresh time-ordered id. */
public final class CreateUserService implements CreateUserUseCase {

    private final UserRepository users;
    private final CachePort<UserFilter, Long> totals;
    private final Clock clock;

    /**
     * @param users  where users are stored
     * @param totals listing totals, emptied after the write
     * @param clock  time source
     */
    public CreateUserService(UserRepository users, CachePort<UserFilter, Long> totals, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.totals = Objects.requireNonNull(totals, "totals");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public User create(CreateUserCommand command) {
        User user = User.create(UuidV7.next(clock), command.email(), command.name(), clock.instant());
        users.insert(user);
        totals.invalidateAll();
        return user;
    }
}
