package io.celeris.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named bearer token, known only by the SHA-256 digest of its secret: configuration holds the digest,
 * never the secret, and the name is what the access log shows of whoever called.
 *
 * @param name   1-64 characters of {@code [A-Za-z0-9._-]}: safe to log as is
 * @param sha256 the 32-byte SHA-256 digest of the secret (UTF-8)
 * @param scopes what the token may do; not empty
 */
public record ApiToken(String name, byte[] sha256, Set<Scope> scopes) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public ApiToken {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(scopes, "scopes");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a token name is 1-64 characters of A-Z a-z 0-9 . _ -, not '" + name + "'");
        }
        if (sha256.length != 32) {
            throw new IllegalArgumentException("token " + name + ": the SHA-256 digest has 32 bytes (64 hex digits)");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("token " + name + ": give it at least one scope (write, admin)");
        }
        sha256 = sha256.clone();
        scopes = Set.copyOf(EnumSet.copyOf(scopes));
    }

    /**
     * @param name   the token's name
     * @param hex    the SHA-256 digest of the secret, 64 hex digits (e.g. {@code printf %s "$secret" | sha256sum})
     * @param scopes what it may do
     * @return the token
     */
    public static ApiToken ofDigest(String name, String hex, Set<Scope> scopes) {
        String digits = Objects.requireNonNull(hex, "hex").strip();
        if (digits.length() != 64) {
            throw new IllegalArgumentException("token " + name + ": the SHA-256 digest is 64 hex digits, got "
                    + digits.length() + " characters");
        }
        byte[] digest;
        try {
            digest = HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("token " + name + ": the SHA-256 digest is not hexadecimal");
        }
        return new ApiToken(name, digest, scopes);
    }

    /**
     * A token given as its plain secret (the older {@code CELERIS_API_TOKEN} form), hashed at once.
     *
     * @param name   the token's name
     * @param secret the secret a client sends
     * @param scopes what it may do
     * @return the token
     */
    public static ApiToken ofSecret(String name, String secret, Set<Scope> scopes) {
        if (Objects.requireNonNull(secret, "secret").isBlank()) {
            throw new IllegalArgumentException("token " + name + ": the secret is empty");
        }
        return new ApiToken(name, sha256(secret), scopes);
    }

    /**
     * @param scope a scope
     * @return whether this token has it
     */
    public boolean allows(Scope scope) {
        return scopes.contains(scope);
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    /** Package access to the digest without a copy, for the comparison on every guarded request. */
    byte[] digest() {
        return sha256;
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiToken t && t.name.equals(name) && MessageDigest.isEqual(t.sha256, sha256)
                && t.scopes.equals(scopes);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** Name and scopes only: the digest is no secret, but it has no business in logs. */
    @Override
    public String toString() {
        return "ApiToken[" + name + " " + scopes + "]";
    }
}
