package io.celeris.application.service;

import io.celeris.application.port.in.CacheOutcome;
import io.celeris.application.port.in.GetUserUseCase;
import io.celeris.application.port.in.UserLookup;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.CacheRead;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserNotFoundException;
import java.util.Objects;

/** Read-through: the cache first, the repository on a miss (one load per key however many ask). */
public final class GetUserService implements GetUserUseCase {

    private final UserRepository users;
    private final CachePort<UserId, User> cache;

    /**
     * @param users where users are stored
     * @param cache users by id
     */
    public GetUserService(UserRepository users, CachePort<UserId, User> cache) {
        this.users = Objects.requireNonNull(users, "users");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public UserLookup get(UserId id) {
        CacheRead<User> read = cache.read(id, key -> users.findById(key).orElse(null));
        if (read.value() == null) {
            throw new UserNotFoundException(id);
        }
        CacheOutcome outcome = read.hit() ? CacheOutcome.HIT
                : cache.stores() ? CacheOutcome.MISS_STORED : CacheOutcome.UNCACHED;
        return new UserLookup(read.value(), outcome, read.answeredBy(), read.stale());
    }
}
