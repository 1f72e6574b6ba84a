package io.celeris.domain.user;

/**
 * A conditional change was asked for a version of the user that is no longer current: someone else
 * changed it first (optimistic concurrency).
 */
public final class VersionMismatchException extends RuntimeException {

    private final UserId id;
    private final Precondition expected;
    private final long current;

    /**
     * @param id       the user
     * @param expected the condition the caller put on the stored version
     * @param current  the version stored now, as the store answered (never a cached copy)
     */
    public VersionMismatchException(UserId id, Precondition expected, long current) {
        super("user " + id + " is at version " + current + ", which " + expected + " does not accept", null, false,
                false);
        this.id = id;
        this.expected = expected;
        this.current = current;
    }

    /**
     * @return the user
     */
    public UserId id() {
        return id;
    }

    /**
     * @return the condition the caller put on the stored version
     */
    public Precondition expected() {
        return expected;
    }

    /**
     * @return the version stored now
     */
    public long current() {
        return current;
    }
}
