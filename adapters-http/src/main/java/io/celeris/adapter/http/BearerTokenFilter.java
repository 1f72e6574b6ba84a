package io.celeris.adapter.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes need {@code Authorization: Bearer <token>}; reads stay public. Tokens are compared as
 * SHA-256 digests with {@link MessageDigest#isEqual}, so the time taken says nothing of the token.
 */
final class BearerTokenFilter implements Filter {

    private static final Set<Method> WRITES = Set.of(Method.POST, Method.PUT, Method.DELETE, Method.PATCH);

    private final byte[] expected;

    BearerTokenFilter(String token) {
        this.expected = sha256(token);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!WRITES.contains(req.prologue().method())) {
            chain.proceed();
            return;
        }
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (auth.isPresent() && auth.get().regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(expected, sha256(auth.get().substring(7).strip()))) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, auth.isPresent()
                ? "Bearer realm=\"celeris\", error=\"invalid_token\"" : "Bearer realm=\"celeris\"");
        Problems.send(req, res, new Problem(Status.UNAUTHORIZED_401, "unauthorized", "Unauthorized",
                auth.isPresent() ? "the bearer token is not valid" : "writes need an Authorization: Bearer token",
                req.prologue().uriPath().rawPath(), List.of()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
