package io.celeris.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A secret bearer token, compared as SHA-256 digests with {@link MessageDigest#isEqual} so that the
 * time taken says nothing of the token.
 */
final class BearerToken {

    private final byte[] expected;

    BearerToken(String token) {
        this.expected = sha256(token);
    }

    /**
     * @param authorization the Authorization header value
     * @return true for {@code Bearer <the token>}
     */
    boolean matches(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(expected, sha256(authorization.substring(7).strip()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
