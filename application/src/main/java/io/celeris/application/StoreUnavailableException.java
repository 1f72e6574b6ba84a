package io.celeris.application;

/**
 * The store cannot take the work now (too many requests waiting for it, or it is down). Nothing was
 * changed; the same request may succeed later. Adapters throw it; HTTP answers 503 with Retry-After.
 */
public final class StoreUnavailableException extends RuntimeException {

    /**
     * @param message what was unavailable, safe to show a client
     * @param cause   the underlying failure, if any (logged, never shown)
     */
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
