package io.celeris.domain.user;

/**
 * The display name of a user: 1 to {@value #MAX_LENGTH} characters (code points) once surrounding
 * white space is stripped, with no control or format characters.
 *
 * @param value the stripped name
 */
public record UserName(String value) {

    public static final int MAX_LENGTH = 100;

    public UserName {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException("name", "is required");
        }
        value = value.strip();
        if (value.codePointCount(0, value.length()) > MAX_LENGTH) {
            throw new InvalidValueException("name", "must be at most " + MAX_LENGTH + " characters");
        }
        if (Text.hasControlCharacter(value)) {
            throw new InvalidValueException("name", "must not contain control characters");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
