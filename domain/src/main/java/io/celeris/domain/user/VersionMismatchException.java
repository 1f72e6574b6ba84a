package io.celeris.domain.user;

/**
 * A conditional change was asked for a version of the user that is no longer current: someone else
 * changed it first (optimistic concurrency).
 */
public final class VersionMismatchException extends RuntimeException {

    private final UserId id;
    private final long expected;
    private final long current;

    /**
     * @param id       the user
     * @param expected the version the caller based its change on
     * @param current  the version stored now
     */
    public VersionMismatchException(UserId id, long expected, long current) {
        super("user " + id + " is at version " + current + ", not " + expected, null, false, false);
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
     * @return the version the caller expected
     */
    public long expected() {
        return expected;
    }

    /**
     * @return the version stored now
     */
    public long current() {
        return current;
    }
}
