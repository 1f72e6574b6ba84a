package io.celeris.application.port.in;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import java.util.Objects;

/**
 * Replace a user's details.
 *
 * @param id           the user
 * @param email        new email
 * @param name         new name
 * @param precondition the condition on the stored version (If-Match); {@link Precondition#NONE} for unconditional
 */
public record UpdateUserCommand(UserId id, Email email, UserName name, Precondition precondition) {

    public UpdateUserCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(precondition, "precondition");
    }
}
