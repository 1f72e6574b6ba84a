package io.celeris.application.port.in;

import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.UserId;
import java.util.Objects;

/**
 * Delete a user.
 *
 * @param id           the user
 * @param precondition the condition on the stored version (If-Match); {@link Precondition#NONE} for unconditional
 */
public record DeleteUserCommand(UserId id, Precondition precondition) {

    public DeleteUserCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(precondition, "precondition");
    }
}
