package io.celeris.application;

/**
 * Bounds of listings; the service reads them from {@code application.yaml}, the one place their defaults live.
 *
 * @param defaultLimit rows of a page when the client names none
 * @param maxLimit     most rows a client may ask for in one page
 * @param maxOffset    deepest offset (rows skipped) an offset page may start at; deeper reads must use cursors
 */
public record PagingSettings(int defaultLimit, int maxLimit, long maxOffset) {

    public PagingSettings {
        if (maxLimit < 1 || defaultLimit < 1 || defaultLimit > maxLimit) {
            throw new IllegalArgumentException("need 1 <= defaultLimit <= maxLimit");
        }
        if (maxOffset < 0) {
            throw new IllegalArgumentException("maxOffset must be >= 0");
        }
    }
}
