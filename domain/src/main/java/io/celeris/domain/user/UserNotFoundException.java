package io.celeris.domain.user;

/** No user has the given id. */
public final class UserNotFoundException extends RuntimeException {

    private final UserId id;

    /**
     * @param id the id that was looked for
     */
    public UserNotFoundException(UserId id) {
        super("no user with id " + id, null, false, false);
        this.id = id;
    }

    /**
     * @return the id that was looked for
     */
    public UserId id() {
        return id;
    }
}
