package io.celeris.application;

/**
 * The store cannot take the work now (too many requests waiting for it, or it is down); the same request may succeed
 * later. Adapters throw it; HTTP answers 503 with Retry-After. Refused before the work reached the store, nothing was
 * changed; failed once it had (the store stopped answering during it, or the connection broke), a change it carried
 * may have been made, and only a read can tell ({@link #mayHaveChanged()}).
 */
public final class StoreUnavailableException extends RuntimeException {

    private final boolean mayHaveChanged;

    /**
     * Refused before the work reached the store: nothing was changed.
     *
     * @param message what was unavailable, safe to show a client
     * @param cause   the underlying failure, if any (logged, never shown)
     */
    public StoreUnavailableException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param message        what was unavailable, safe to show a client
     * @param cause          the underlying failure, if any (logged, never shown)
     * @param mayHaveChanged whether the work had reached the store when it failed
     */
    public StoreUnavailableException(String message, Throwable cause, boolean mayHaveChanged) {
        super(message, cause, false, false);
        this.mayHaveChanged = mayHaveChanged;
    }

    /**
     * @return true when the work had reached the store: a write may have been made (committed before the store
     *         stopped answering, or before the connection broke), and retrying it blind may repeat it
     */
    public boolean mayHaveChanged() {
        return mayHaveChanged;
    }
}
