package io.celeris.application;

/**
 * Bounds of listings.
 *
 * @param defaultLimit rows of a page when the client names none
 * @param maxLimit     most rows a client may ask for in one page
 * @param maxOffset    deepest offset (rows skipped) an offset page may start at; deeper reads must use cursors
 */
public record PagingSettings(int defaultLimit, int maxLimit, long maxOffset) {

    /**
     * 20 rows by default, 100 at most, offsets up to 10,000 rows: for tests and in-memory routings. The service reads
     * its bounds from {@code application.yaml}, the one place its defaults live.
     */
    public static final PagingSettings DEFAULTS = new PagingSettings(20, 100, 10_000);

    public PagingSettings {
        if (maxLimit < 1 || defaultLimit < 1 || defaultLimit > maxLimit) {
            throw new IllegalArgumentException("need 1 <= defaultLimit <= maxLimit");
        }
        if (maxOffset < 0) {
            throw new IllegalArgumentException("maxOffset must be >= 0");
        }
    }
}
