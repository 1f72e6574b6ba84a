package io.celeris.application.port.in;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Replace a user's details.
 *
 * @param id              the user
 * @param email           new email
 * @param name            new name
 * @param expectedVersion the version the caller saw (If-Match), or empty for unconditional
 */
public record UpdateUserCommand(UserId id, Email email, UserName name, OptionalLong expectedVersion) {

    public UpdateUserCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
    }
}
