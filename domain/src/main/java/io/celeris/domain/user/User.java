package io.celeris.domain.user;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A user as stored. Instants are kept to the microsecond, the precision both databases store, so a
 * user read back equals the user written.
 *
 * @param id        identity, never changes
 * @param email     unique, case-insensitive
 * @param name      display name
 * @param createdAt when it was created
 * @param updatedAt when it was last changed
 * @param version   starts at 1, grows by one on every update (optimistic concurrency)
 * @param lastLoginAt when the user last signed in, or {@code null} if never (set by the identity
 *                  system, not by this API; kept here because listings sort by it)
 */
public record User(UserId id, Email email, UserName name, Instant createdAt, Instant updatedAt, long version,
                   Instant lastLoginAt) {

    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        createdAt = Objects.requireNonNull(createdAt, "createdAt").truncatedTo(ChronoUnit.MICROS);
        updatedAt = Objects.requireNonNull(updatedAt, "updatedAt").truncatedTo(ChronoUnit.MICROS);
        lastLoginAt = lastLoginAt == null ? null : lastLoginAt.truncatedTo(ChronoUnit.MICROS);
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1");
        }
    }

    /**
     * A new user, at version 1.
     *
     * @param id    its id
     * @param email its email
     * @param name  its name
     * @param now   creation time
     * @return the user
     */
    public static User create(UserId id, Email email, UserName name, Instant now) {
        return new User(id, email, name, now, now, 1, null);
    }

    /**
     * @return when the user last signed in, if ever
     */
    public java.util.Optional<Instant> lastLogin() {
        return java.util.Optional.ofNullable(lastLoginAt);
    }

    /**
     * This user as signed in at {@code at}; the version does not change (a login is not an edit).
     *
     * @param at the time of the login
     * @return the user
     */
    public User withLastLoginAt(Instant at) {
        return new User(id, email, name, createdAt, updatedAt, version, at);
    }

    /**
     * This user with new details, one version later.
     *
     * @param newEmail the email
     * @param newName  the name
     * @param now      time of the change
     * @return the changed user
     */
    public User update(Email newEmail, UserName newName, Instant now) {
        return new User(id, newEmail, newName, createdAt, now, version + 1, lastLoginAt);
    }
}
