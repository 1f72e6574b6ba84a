package io.celeris.application.port.in;

import io.celeris.domain.user.User;
import java.util.Objects;

/**
 * A user as read, and how the read was answered.
 *
 * @param user    the user
 * @param outcome what the cache did
 * @param tier    the cache tier that answered on a hit ({@code l1}, {@code l2}), else {@code null}
 * @param stale   true when the store failed and an expired cached copy was served instead
 */
public record UserLookup(User user, CacheOutcome outcome, String tier, boolean stale) {

    public UserLookup {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(outcome, "outcome");
    }
}
