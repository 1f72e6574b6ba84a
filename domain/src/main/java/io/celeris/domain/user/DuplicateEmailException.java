package io.celeris.domain.user;

/** Another user already has this email (emails are unique, case-insensitively). */
public final class DuplicateEmailException extends RuntimeException {

    private final Email email;

    /**
     * @param email the email that is taken
     */
    public DuplicateEmailException(Email email) {
        super("a user with email " + email + " already exists", null, false, false);
        this.email = email;
    }

    /**
     * @return the email that is taken
     */
    public Email email() {
        return email;
    }
}
