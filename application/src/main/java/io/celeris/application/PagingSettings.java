package io.celeris.application;

/**
 * Bounds of listings; the service reads them from {@code application.yaml}, the one place their defaults live.
 *
 * @param defaultLimit rows of a page when the client names none
 * @param maxLimit     most rows a client may ask for in one page
 * @param maxOffset    deepest offset (rows skipped) an offset page may start at; deeper reads must use cursors
 */
public record PagingSettings(int defaultLimit, int maxLimit, long maxOffset) {

    /** The largest {@code maxLimit} there may be. */
    public static final int MAX_LIMIT = 10_000;

    public PagingSettings {
        if (maxLimit < 1 || defaultLimit < 1 || defaultLimit > maxLimit) {
            throw new IllegalArgumentException("need 1 <= defaultLimit <= maxLimit");
        }
        // A page is read with one row more than asked (is there a next page?): a bound far above any page a client
        // should get, and one that can never overflow.
        if (maxLimit > MAX_LIMIT) {
            throw new IllegalArgumentException("maxLimit must be at most " + MAX_LIMIT + ", not " + maxLimit);
        }
        if (maxOffset < 0) {
            throw new IllegalArgumentException("maxOffset must be >= 0");
        }
    }
}
