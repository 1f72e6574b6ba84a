package io.celeris.application.service;

import io.celeris.application.ReadYourWrites;
import io.celeris.application.port.in.CacheOutcome;
import io.celeris.application.port.in.GetUserUseCase;
import io.celeris.application.port.in.UserLookup;
import io.celeris.application.port.out.CacheRead;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserNotFoundException;
import java.util.Objects;

/**
 * Read-through: the cache first, the repository on a miss (one load per key however many ask). An id
 * found missing is remembered briefly, so repeated 404s cost no database round trip.
 */
public final class GetUserService implements GetUserUseCase {

    private final UserRepository users;
    private final UserCaches caches;

    /**
     * @param users  where users are stored
     * @param caches users by id, and ids known to be missing
     */
    public GetUserService(UserRepository users, UserCaches caches) {
        this.users = Objects.requireNonNull(users, "users");
        this.caches = Objects.requireNonNull(caches, "caches");
    }

    @Override
    public UserLookup get(UserId id) {
        if (ReadYourWrites.required().isPresent()) {
            // The client wrote and must see its write: no cached entry knows whether it is that new, so none answers
            // (nor learns from a read that may come from a copy a little behind the latest commits).
            User user = users.replica().findById(id).orElseThrow(() -> new UserNotFoundException(id));
            return new UserLookup(user, CacheOutcome.BYPASSED, null, false);
        }
        if (caches.misses().getIfPresent(id).isPresent()) {
            throw new UserNotFoundException(id);
        }
        // What fills the cache comes from the store itself: a value from a lagging copy would outlive the write's
        // invalidation. Without a cache, a read may come from the copy.
        UserRepository source = caches.byId().stores() ? users : users.replica();
        CacheRead<User> read = caches.byId().read(id, key -> source.findById(key).orElse(null));
        if (read.value() == null) {
            caches.misses().put(id, Boolean.TRUE);
            throw new UserNotFoundException(id);
        }
        CacheOutcome outcome = read.hit() ? CacheOutcome.HIT
                : caches.byId().stores() ? CacheOutcome.MISS_STORED : CacheOutcome.UNCACHED;
        return new UserLookup(read.value(), outcome, read.answeredBy(), read.stale());
    }
}
