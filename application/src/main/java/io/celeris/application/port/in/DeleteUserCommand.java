package io.celeris.application.port.in;

import io.celeris.domain.user.UserId;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Delete a user.
 *
 * @param id              the user
 * @param expectedVersion the version the caller saw (If-Match), or empty for unconditional
 */
public record DeleteUserCommand(UserId id, OptionalLong expectedVersion) {

    public DeleteUserCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(expectedVersion, "expectedVersion");
    }
}
