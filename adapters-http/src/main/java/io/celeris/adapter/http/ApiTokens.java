package io.celeris.adapter.http;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer tokens this service accepts. Several may hold the same scope, so that during a rotation the
 * old and the new secret are valid together: add the new one, move the clients, remove the old one.
 *
 * @param all the tokens; names and digests are unique
 */
public record ApiTokens(List<ApiToken> all) {

    private static final ApiTokens NONE = new ApiTokens(List.of());

    public ApiTokens {
        all = List.copyOf(Objects.requireNonNull(all, "all"));
        var names = new HashSet<String>();
        var digests = new HashSet<String>();
        for (ApiToken t : all) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two tokens are named " + t.name());
            }
            if (!digests.add(HexFormat.of().formatHex(t.digest()))) {
                // One secret under two names would make the access log name the wrong one.
                throw new IllegalArgumentException("token " + t.name() + " has the same secret as another token");
            }
        }
    }

    /**
     * @return no tokens: writes only from loopback clients, no admin routes
     */
    public static ApiTokens none() {
        return NONE;
    }

    /**
     * Reads the compact form of an environment variable: comma-separated {@code name:scopes:sha256hex},
     * scopes joined by {@code +}, e.g. {@code ci:write:<hex>,ops:write+admin:<hex>}. Blank entries are
     * ignored.
     *
     * @param text the list
     * @return the tokens
     * @throws IllegalArgumentException naming the faulty entry (by name, never by digest)
     */
    public static ApiTokens parse(String text) {
        var tokens = new ArrayList<ApiToken>();
        for (String entry : Objects.requireNonNull(text, "text").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.strip().split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a token is name:scopes:sha256 (e.g. ci:write:<64 hex digits>), got "
                        + parts.length + " parts" + (parts.length > 0 ? " in the entry named '" + parts[0] + "'" : ""));
            }
            tokens.add(ApiToken.ofDigest(parts[0].strip(), parts[2], scopes(parts[0], parts[1])));
        }
        return new ApiTokens(tokens);
    }

    /**
     * @param name the token's name (for the message)
     * @param text scopes joined by {@code +} or listed with commas, e.g. {@code write+admin}
     * @return the scopes
     */
    public static Set<Scope> scopes(String name, String text) {
        var scopes = EnumSet.noneOf(Scope.class);
        for (String s : text.split("[+,]")) {
            if (!s.isBlank()) {
                scopes.add(Scope.parse(s));
            }
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException("token " + name + ": give it at least one scope (write, admin)");
        }
        return scopes;
    }

    /**
     * @param more tokens to add
     * @return these and those
     */
    public ApiTokens and(List<ApiToken> more) {
        var both = new ArrayList<>(all);
        both.addAll(more);
        return new ApiTokens(both);
    }

    /**
     * @param scope a scope
     * @return whether any token has it
     */
    public boolean any(Scope scope) {
        return all.stream().anyMatch(t -> t.allows(scope));
    }

    /**
     * The token whose secret this is. Every digest is compared, in constant time, whichever matches: the
     * time taken says nothing of which token, or how much of one, was guessed.
     *
     * @param secret what the client sent after {@code Bearer }
     * @return the token, if any
     */
    Optional<ApiToken> find(String secret) {
        byte[] presented = ApiToken.sha256(secret);
        ApiToken found = null;
        for (ApiToken t : all) {
            if (MessageDigest.isEqual(t.digest(), presented) && found == null) {
                found = t;
            }
        }
        return Optional.ofNullable(found);
    }
}
