package io.celeris.adapter.http;

import io.celeris.application.port.in.ClearCachesUseCase;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.regex.Pattern;

/** The HTTP adapter's way in: puts the API's routes, filters and error answers on a routing. */
public final class HttpAdapter {

    private static final Pattern USERS = Pattern.compile("/users/?");
    private static final Pattern ONE_USER = Pattern.compile("/users/[^/]+/?");

    private HttpAdapter() {
    }

    /**
     * Adds the API to a routing. Call before other registrations that should see the API's filters.
     *
     * @param routing  the routing to add to
     * @param users    the users service
     * @param settings adapter settings
     */
    public static void routing(HttpRouting.Builder routing, UsersHttpService users, ClearCachesUseCase clearCaches,
                               HttpSettings settings) {
        // First: every later filter, route and error handler runs with the request id in the MDC.
        routing.addFilter(new RequestContextFilter(settings.accessLog()));
        settings.apiToken().ifPresent(token -> routing.addFilter(new BearerTokenFilter(token)));
        Problems.register(routing);
        routing.register("/users", users);
        settings.adminToken().ifPresent(token -> routing.register("/admin", new AdminHttpService(clearCaches, token)));
        if (settings.ceilingRoute()) {
            byte[] body = "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            routing.get("/bench/ceiling", (req, res) -> {
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(body);
            });
        }
    }

    /**
     * The last route: what no other route answered. A known path with another method gets 405 and
     * {@code Allow}; anything else 404. Register it after every other route.
     *
     * @param routing the routing
     */
    public static void fallback(HttpRouting.Builder routing) {
        routing.any(HttpAdapter::unrouted);
    }

    /**
     * @return answers to transport-level failures, as problem+json
     */
    public static DirectHandlers directHandlers() {
        return Problems.directHandlers();
    }

    private static void unrouted(ServerRequest req, ServerResponse res) {
        String path = req.prologue().uriPath().rawPath();
        String allow = USERS.matcher(path).matches() ? "GET, POST"
                : ONE_USER.matcher(path).matches() ? "GET, PUT, DELETE" : null;
        if (allow != null && req.prologue().method() != Method.OPTIONS) {
            res.header(HeaderNames.ALLOW, allow);
            Problems.send(req, res, new Problem(Status.METHOD_NOT_ALLOWED_405, "method-not-allowed",
                    "Method not allowed", req.prologue().method().text() + " is not allowed here; allowed: " + allow,
                    path, List.of()));
            return;
        }
        if (allow != null) {
            res.header(HeaderNames.ALLOW, allow + ", OPTIONS");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        Problems.send(req, res, new Problem(Status.NOT_FOUND_404, "not-found", "Not found",
                "no resource at " + (path.length() > 200 ? path.substring(0, 200) : path), path, List.of()));
    }
}
