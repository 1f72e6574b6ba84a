package io.celeris.adapter.http;

import io.celeris.application.port.in.ClearCachesUseCase;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

/** The HTTP adapter's way in: puts the API's routes, filters and error answers on a routing. */
public final class HttpAdapter {

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
            Handler ceiling = (req, res) -> {
                res.header(HeaderNames.CONTENT_TYPE, "application/json");
                res.send(body);
            };
            routing.get("/bench/ceiling", ceiling).head("/bench/ceiling", Head.of(ceiling));
        }
    }

    /**
     * @return answers to transport-level failures, as problem+json
     */
    public static DirectHandlers directHandlers() {
        return Problems.directHandlers();
    }

}
