package io.celeris.adapter.http;

import io.celeris.application.PagingSettings;
import io.celeris.domain.paging.CountMode;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the HTTP adapter.
 *
 * @param apiToken             bearer token required on writes; empty leaves writes open
 * @param cursorSecret         HMAC key of cursors (at least 16 bytes)
 * @param previousCursorSecret the key before the last rotation, still accepted
 * @param paging               page bounds
 * @param ceilingRoute         serve {@code GET /bench/ceiling}, a route doing no work (benchmarks only)
 * @param defaultCount         how offset pages count when the client does not say ({@code count=})
 * @param maxAge               seconds a client may reuse a user it read ({@code Cache-Control: private,
 *                             max-age}); 0 makes it revalidate every time (with its ETag)
 * @param adminToken           bearer token of the admin routes; empty turns them off
 * @param accessLog            the access log
 */
public record HttpSettings(Optional<String> apiToken, byte[] cursorSecret, Optional<byte[]> previousCursorSecret,
                           PagingSettings paging, boolean ceilingRoute, CountMode defaultCount, int maxAge,
                           Optional<String> adminToken, AccessLogSettings accessLog) {

    public HttpSettings {
        Objects.requireNonNull(apiToken, "apiToken");
        Objects.requireNonNull(cursorSecret, "cursorSecret");
        Objects.requireNonNull(previousCursorSecret, "previousCursorSecret");
        Objects.requireNonNull(paging, "paging");
        Objects.requireNonNull(defaultCount, "defaultCount");
        apiToken = apiToken.filter(t -> !t.isBlank());
        adminToken = Objects.requireNonNull(adminToken, "adminToken").filter(t -> !t.isBlank());
        Objects.requireNonNull(accessLog, "accessLog");
        if (maxAge < 0) {
            throw new IllegalArgumentException("max-age must be >= 0");
        }
        if (cursorSecret.length < 16) {
            throw new IllegalArgumentException("the cursor secret must be at least 16 bytes");
        }
    }

    /**
     * @return open writes, a random cursor secret, default paging, no ceiling route
     */
    public static HttpSettings defaults() {
        return new HttpSettings(Optional.empty(), randomSecret(), Optional.empty(), PagingSettings.DEFAULTS, false,
                CountMode.EXACT, 0, Optional.empty(), AccessLogSettings.TEXT);
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
