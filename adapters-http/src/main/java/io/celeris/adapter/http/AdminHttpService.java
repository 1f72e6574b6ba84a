package io.celeris.adapter.http;

import io.celeris.application.port.in.ClearCachesUseCase;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code /admin}: operations that need the admin token. No token, 401; a wrong one, 403. Registered
 * only when an admin token is configured.
 */
public final class AdminHttpService implements HttpService {

    private final ClearCachesUseCase clearCaches;
    private final BearerToken token;

    /**
     * @param clearCaches the clear use case
     * @param adminToken  the token callers must present
     */
    public AdminHttpService(ClearCachesUseCase clearCaches, String adminToken) {
        this.clearCaches = Objects.requireNonNull(clearCaches, "clearCaches");
        this.token = new BearerToken(adminToken);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/cache/clear", this::clear);
    }

    private void clear(ServerRequest req, ServerResponse res) {
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (auth.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"celeris-admin\"");
            Problems.send(req, res, new Problem(Status.UNAUTHORIZED_401, "unauthorized", "Unauthorized",
                    "admin operations need an Authorization: Bearer token", path(req), List.of()));
            return;
        }
        if (!token.matches(auth.get())) {
            Problems.send(req, res, new Problem(Status.FORBIDDEN_403, "forbidden", "Forbidden",
                    "this token may not run admin operations", path(req), List.of()));
            return;
        }
        clearCaches.clearCaches();
        res.status(Status.NO_CONTENT_204).send();
    }

    private static String path(ServerRequest req) {
        return req.prologue().uriPath().rawPath();
    }
}
