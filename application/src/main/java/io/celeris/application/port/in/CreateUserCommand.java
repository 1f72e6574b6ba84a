package io.celeris.application.port.in;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.UserName;
import java.util.Objects;

/**
 * Create a user.
 *
 * @param email its email
 * @param name  its name
 */
public record CreateUserCommand(Email email, UserName name) {

    public CreateUserCommand {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
    }

    /**
     * Validates raw input.
     *
     * @param email raw email
     * @param name  raw name
     * @return the command
     * @throws io.celeris.domain.user.InvalidValueException when a value breaks a rule
     */
    public static CreateUserCommand of(String email, String name) {
        return new CreateUserCommand(new Email(email), new UserName(name));
    }
}
