package io.celeris.adapter.http;

import io.helidon.http.DirectHandler;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per-route HTTP metrics in the shape operators know from Spring Boot Actuator: one timer
 * {@code http.server.requests} (Prometheus: {@code http_server_requests_seconds_bucket|count|sum|max}) tagged with
 * {@code method}, {@code uri} (the route template, such as {@code /users/{id}}, never the raw path), {@code status}
 * and {@code outcome}, with a histogram of fixed buckets.
 *
 * <p>Every tag has a bounded set of values, so a client cannot grow the number of series: the route is one of the
 * registered templates or {@code UNKNOWN} (no route matched, or the connection layer answered before routing), the
 * method one of the standard ones or {@code OTHER}, the status a three-digit code.
 */
public final class HttpRouteMetrics {

    /** The meter's name; Micrometer's Prometheus naming makes it {@code http_server_requests_seconds}. */
    public static final String NAME = "http.server.requests";
    /** The route of a request no route matched, and of the connection layer's answers. */
    public static final String UNKNOWN = "UNKNOWN";

    /** Fixed bucket bounds: from a cache hit (well under a millisecond) to a pool timeout (seconds). */
    private static final Duration[] BUCKETS = {
        Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT");

    private final MeterRegistry registry;
    /** Timers by method, route and status: the registry's own lookup is too slow for every request. */
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    private HttpRouteMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * @param registry where the timers are registered
     * @return metrics recording into that registry
     */
    public static HttpRouteMetrics create(MeterRegistry registry) {
        return new HttpRouteMetrics(registry);
    }

    /**
     * @return a filter timing every routed request, from the filter to the last byte sent; register it first, so
     *         that requests other filters answer (401, 403) are timed too
     */
    public Filter filter() {
        return this::filter;
    }

    private void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        // After routing, the request knows the template of the route that answered it (Helidon sets it for each
        // route it tries); a request no route took has none.
        res.whenSent(() -> record(req.prologue().method().text(), req.matchingPattern().orElse(null),
                res.status().code(), System.nanoTime() - start));
        chain.proceed();
    }

    /**
     * Counts the connection layer's answers (malformed HTTP, body or headers too large), given before any request
     * or route exists, as route {@code UNKNOWN}. Their time cannot be measured from here: they are recorded as 0.
     *
     * @param handlers the handlers that write those answers
     * @return the same handlers, counted
     */
    public DirectHandlers counting(DirectHandlers handlers) {
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            DirectHandler delegate = handlers.handler(type);
            builder.addHandler(type, (request, event, status, headers, message) -> {
                record(request.method(), null, status.code(), 0);
                return delegate.handle(request, event, status, headers, message);
            });
        }
        return builder.build();
    }

    void record(String method, String pattern, int status, long nanos) {
        var key = new Key(METHODS.contains(method) ? method : "OTHER", route(pattern), status);
        timers.computeIfAbsent(key, this::timer).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** {@code /users/} (a service's root route) reads {@code /users}; a pattern-less request is UNKNOWN. */
    static String route(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return UNKNOWN;
        }
        return pattern.length() > 1 && pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

    private Timer timer(Key key) {
        return registry.getOrCreate(Timer.builder(NAME)
                .description("HTTP requests by method, route template, status and outcome")
                .tags(List.of(Tag.create("method", key.method()), Tag.create("uri", key.route()),
                        Tag.create("status", Integer.toString(key.status())), Tag.create("outcome", outcome(key.status()))))
                .buckets(BUCKETS)
                // No client-side quantiles (Helidon's default): they cost per request and cannot be aggregated;
                // histogram_quantile() over the buckets gives any quantile across instances.
                .percentiles(new double[0])
                .publishPercentileHistogram(false));
    }

    private record Key(String method, String route, int status) {
    }
}
