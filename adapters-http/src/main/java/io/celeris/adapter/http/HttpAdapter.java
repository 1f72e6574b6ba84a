package io.celeris.adapter.http;

import io.celeris.application.port.in.ClearCachesUseCase;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The HTTP adapter's way in: puts the API's routes, filters and error answers on a routing. */
public final class HttpAdapter {

    private HttpAdapter() {
    }

    /**
     * Adds the API to a routing. Call before other registrations that should see the API's filters.
     *
     * @param routing     the routing to add to
     * @param users       the users service
     * @param clearCaches the admin clear operation
     * @param settings    adapter settings
     */
    public static void routing(HttpRouting.Builder routing, UsersHttpService users, ClearCachesUseCase clearCaches,
                               HttpSettings settings) {
        routing(routing, users, clearCaches, settings, new Drain());
    }

    /**
     * As {@link #routing(HttpRouting.Builder, UsersHttpService, ClearCachesUseCase, HttpSettings)}, for a server that
     * is to shut down in order.
     *
     * @param routing     the routing to add to
     * @param users       the users service
     * @param clearCaches the admin clear operation
     * @param settings    adapter settings
     * @param drain       begun before the server stops: its answers close their connections, and its requests
     *                    in flight are counted
     */
    public static void routing(HttpRouting.Builder routing, UsersHttpService users, ClearCachesUseCase clearCaches,
                               HttpSettings settings, Drain drain) {
        routing(routing, users, clearCaches, settings, LocalPeers.LOOPBACK, drain);
    }

    /**
     * The routes {@link #routing} declares, as {@code METHOD /path}, for checks against the API document.
     *
     * @param users       the users service
     * @param clearCaches the admin clear operation
     * @param settings    adapter settings (admin routes exist only with an admin-scoped token)
     * @return the declared routes
     */
    public static List<String> declaredRoutes(UsersHttpService users, ClearCachesUseCase clearCaches,
                                              HttpSettings settings) {
        var routing = HttpRouting.builder();
        List<Route> table = routing(routing, users, clearCaches, settings, LocalPeers.LOOPBACK, new Drain());
        routing.build();
        return table.stream()
                .map(r -> r.method().text() + " " + r.path()).toList();
    }

    /** As {@link #routing(HttpRouting.Builder, UsersHttpService, ClearCachesUseCase, HttpSettings)}, peers injectable. */
    static List<Route> routing(HttpRouting.Builder routing, UsersHttpService users, ClearCachesUseCase clearCaches,
                               HttpSettings settings, LocalPeers localPeers, Drain drain) {
        // First: every later filter, route and error handler runs with the request id in the MDC.
        routing.addFilter(new RequestContextFilter(settings.accessLog(), drain));
        // Next, before anything can answer early: such an answer closes the connection (no request smuggling).
        routing.addFilter(new FramingFilter(drain, settings.maxPayloadSize()));
        routing.addFilter(new PathFilter());
        routing.addFilter(new ErrorBodyFilter());
        Problems.register(routing);
        var guard = new AccessGuard(settings.tokens(), localPeers);
        var table = new ArrayList<Route>();
        // Each service's routes at their whole path on the routing itself (see Routes: no service to crawl).
        users.routes(new Routes(routing, "/users", Access.PUBLIC, guard, table));
        if (settings.tokens().any(Scope.ADMIN)) {
            // Without an admin token the admin routes do not exist (404), rather than refuse everyone.
            new AdminHttpService(clearCaches).routes(new Routes(routing, "/admin", Access.ADMIN, guard, table));
        }
        if (settings.ceilingRoute()) {
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            new Routes(routing, "/bench", Access.PUBLIC, guard, table)
                    // As every JSON answer of the API is sent: the floor the API's routes are measured against.
                    .get("/ceiling", (req, res) -> Responses.json(res, body));
        }
        return table;
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
        // Without the transport's watch of each connection (see transport) nothing tells a request line's failure
        // from another: Helidon's internal errors stay 500s.
        return Problems.directHandlers(new AccessLog(accessLog), () -> false);
    }

    /**
     * Configures the server's side of the transport: the answers Helidon gives before routing (a request line it
     * cannot parse is a 400, never a 500, as the slow-client watch knows where each connection is), the header
     * and body timeouts, and Helidon's own body limit moved out to {@link #drainLimit} of the server's (which the
     * routing enforces, see {@link FramingFilter}). The idle keep-alive timeout and the connection cap are Helidon's
     * own settings ({@code idle-connection-timeout}, {@code max-tcp-connections}), read from the server's
     * configuration.
     *
     * @param server    the server to configure
     * @param transport the timeouts
     * @param accessLog the access log
     * @param decorate  wraps the answers before routing (e.g. to count them); identity for none
     * @return the watchdog of slow clients; close it after the server stops
     */
    public static AutoCloseable transport(WebServerConfig.Builder server, TransportSettings transport,
                                          AccessLogSettings accessLog, UnaryOperator<DirectHandlers> decorate) {
        server.directHandlers(decorate.apply(
                Problems.directHandlers(new AccessLog(accessLog), SlowClients::awaitingRequestLine)));
        long limit = server.maxPayloadSize();
        if (limit > 0) {
            // The routing answers a body over the limit with 413 and reads the rest of it (FramingFilter); Helidon's
            // own limit, which answers 413 from the connection and closes it with the body unread (a client still
            // sending then meets a reset, not the answer), moves out to what the service will read to drop.
            server.maxPayloadSize(drainLimit(limit));
        }
        var slowClients = new SlowClients(transport);
        slowClients.configure(server);
        return slowClients;
    }

    /**
     * @param limit the largest request body the service accepts
     * @return the largest declared body the service reads to drop after answering 413, so that the client gets the
     *         answer: 1 MiB, or four times the limit if that is more; Helidon answers a larger one itself and closes
     */
    static long drainLimit(long limit) {
        return limit > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : Math.max(1 << 20, 4 * limit);
    }

    /**
     * @return counters of client aborts, slow clients and connections closed after an early answer (and of those,
     *         the ones that read the rest of the body first)
     */
    public static TransportStats transportStats() {
        return TransportStats.INSTANCE;
    }
}
