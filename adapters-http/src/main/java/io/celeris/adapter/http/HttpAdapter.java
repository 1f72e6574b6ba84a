package io.celeris.adapter.http;

import io.celeris.application.port.in.ClearCachesUseCase;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
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
        // Next, before anything can answer early: such an answer closes the connection (no request smuggling).
        routing.addFilter(new FramingFilter());
        routing.addFilter(new ErrorBodyFilter());
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
     * @return answers to transport-level failures, as problem+json, with text access-log lines
     */
    public static DirectHandlers directHandlers() {
        return directHandlers(AccessLogSettings.TEXT);
    }

    /**
     * @param accessLog the access log the answers are written to
     * @return answers to transport-level failures, as problem+json, each with a request id and an access-log line
     */
    public static DirectHandlers directHandlers(AccessLogSettings accessLog) {
        return Problems.directHandlers(new AccessLog(accessLog));
    }

    /**
     * Configures the server's side of the transport: the answers Helidon gives before routing, and the header
     * and body timeouts. The idle keep-alive timeout and the connection cap are Helidon's own settings
     * ({@code idle-connection-timeout}, {@code max-tcp-connections}), read from the server's configuration.
     *
     * @param server    the server to configure
     * @param transport the timeouts
     * @param accessLog the access log
     * @return the watchdog of slow clients; close it after the server stops
     */
    public static AutoCloseable transport(WebServerConfig.Builder server, TransportSettings transport,
                                          AccessLogSettings accessLog) {
        server.directHandlers(directHandlers(accessLog));
        var slowClients = new SlowClients(transport);
        slowClients.configure(server);
        return slowClients;
    }

    /**
     * @return counters of client aborts, slow clients and connections closed after an early answer
     */
    public static TransportStats transportStats() {
        return TransportStats.INSTANCE;
    }
}
