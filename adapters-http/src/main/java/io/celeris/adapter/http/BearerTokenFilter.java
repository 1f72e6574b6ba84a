package io.celeris.adapter.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Writes need {@code Authorization: Bearer <token>}; reads stay public. */
final class BearerTokenFilter implements Filter {

    private static final Set<Method> WRITES = Set.of(Method.POST, Method.PUT, Method.DELETE, Method.PATCH);

    private final BearerToken token;

    BearerTokenFilter(String token) {
        this.token = new BearerToken(token);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!WRITES.contains(req.prologue().method())) {
            chain.proceed();
            return;
        }
        if (req.prologue().uriPath().rawPath().startsWith("/admin/")) {
            // Admin routes check their own token.
            chain.proceed();
            return;
        }
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (auth.isPresent() && token.matches(auth.get())) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, auth.isPresent()
                ? "Bearer realm=\"celeris\", error=\"invalid_token\"" : "Bearer realm=\"celeris\"");
        Problems.send(req, res, new Problem(Status.UNAUTHORIZED_401, "unauthorized", "Unauthorized",
                auth.isPresent() ? "the bearer token is not valid" : "writes need an Authorization: Bearer token",
                req.prologue().uriPath().rawPath(), List.of()));
    }

}
