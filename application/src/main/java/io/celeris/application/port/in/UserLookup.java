package io.celeris.application.port.in;

import io.celeris.domain.user.User;
import java.util.Objects;

/**
 * A user as read, and how the read was answered.
 *
 * @param user    the user
 * @param outcome what the cache did
 */
public record UserLookup(User user, CacheOutcome outcome) {

    public UserLookup {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(outcome, "outcome");
    }
}
