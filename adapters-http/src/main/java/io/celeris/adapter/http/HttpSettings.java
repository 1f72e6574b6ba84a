package io.celeris.adapter.http;

import io.celeris.application.PagingSettings;
import io.celeris.domain.paging.CountMode;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the HTTP adapter.
 *
 * @param tokens               the bearer tokens accepted, with their scopes; without a write-scoped one,
 *                             writes come from loopback clients only, without an admin-scoped one there
 *                             are no admin routes
 * @param cursorSecret         HMAC key of cursors (at least 16 bytes)
 * @param previousCursorSecret the key before the last rotation, still accepted
 * @param paging               page bounds
 * @param ceilingRoute         serve {@code GET /bench/ceiling}, a route doing no work (benchmarks only)
 * @param defaultCount         how offset pages count when the client does not say ({@code count=})
 * @param maxAge               seconds a client may reuse a user it read ({@code Cache-Control: private,
 *                             max-age}); 0 makes it revalidate every time (with its ETag)
 * @param accessLog            the access log
 * @param maxPayloadSize       largest request body in bytes ({@code server.max-payload-size}); a larger one is a 413,
 *                             answered by the service (see {@link HttpAdapter#transport}); -1 for no limit
 */
public record HttpSettings(ApiTokens tokens, byte[] cursorSecret, Optional<byte[]> previousCursorSecret,
                           PagingSettings paging, boolean ceilingRoute, CountMode defaultCount, int maxAge,
                           AccessLogSettings accessLog, long maxPayloadSize) {

    public HttpSettings {
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(cursorSecret, "cursorSecret");
        Objects.requireNonNull(previousCursorSecret, "previousCursorSecret");
        Objects.requireNonNull(paging, "paging");
        Objects.requireNonNull(defaultCount, "defaultCount");
        Objects.requireNonNull(accessLog, "accessLog");
        if (maxPayloadSize == 0 || maxPayloadSize < -1) {
            throw new IllegalArgumentException("max-payload-size must be positive, or -1 for no limit");
        }
        if (maxAge < 0) {
            throw new IllegalArgumentException("max-age must be >= 0");
        }
        if (cursorSecret.length < 16) {
            throw new IllegalArgumentException("the cursor secret must be at least 16 bytes");
        }
    }

    /**
     * @return 32 random bytes: cursors then last as long as the process
     */
    public static byte[] randomSecret() {
        var bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
