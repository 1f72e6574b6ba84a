package io.celeris.application.service;

import io.celeris.application.port.in.CreateUserCommand;
import io.celeris.application.port.in.CreateUserUseCase;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UuidV7;
import java.time.Clock;
import java.util.Objects;

/** Creates a user with a fresh time-ordered id. */
public final class CreateUserService implements CreateUserUseCase {

    private final UserRepository users;
    private final UserCaches caches;
    private final Clock clock;

    /**
     * @param users  where users are stored
     * @param caches caches to correct after the write
     * @param clock  time source
     */
    public CreateUserService(UserRepository users, UserCaches caches, Clock clock) {
        this.users = Objects.requireNonNull(users, "users");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public User create(CreateUserCommand command) {
        User user = User.create(UuidV7.next(clock), command.email(), command.name(), clock.instant());
        users.insert(user);
        caches.created();
        return user;
    }
}
