package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Per-route timers: tagged by route template (never the raw path), status and outcome, errors included. */
@ServerTest
class HttpRouteMetricsTest {

    private static final MeterRegistry REGISTRY = Metrics.createMeterRegistry();
    private static final HttpRouteMetrics METRICS = HttpRouteMetrics.create(REGISTRY);

    private final Http1Client client;
    private final int port;

    HttpRouteMetricsTest(Http1Client client, WebServer server) {
        this.client = client;
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.maxPayloadSize(1024).directHandlers(METRICS.counting(HttpAdapter.directHandlers()));
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        routing.addFilter(METRICS.filter());
        TestApi.routing(routing, Optional.empty());
    }

    @Test
    void requestsAreCountedByRouteTemplateStatusAndOutcome() {
        var created = client.post("/users").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"email\":\"m-" + UUID.randomUUID() + "@example.com\",\"name\":\"M\"}", String.class);
        assertThat(created.status()).isEqualTo(Status.CREATED_201);
        String location = created.headers().first(io.helidon.http.HeaderNames.LOCATION).orElseThrow();
        long okBefore = count("GET", "/users/{id}", 200);
        long missingBefore = count("GET", "/users/{id}", 404);
        long unknownBefore = count("GET", HttpRouteMetrics.UNKNOWN, 404);
        long badBefore = count("GET", "/users", 400);
        long notAllowedBefore = count("PATCH", "/users", 405);

        client.get(location).request(String.class);
        client.get(location).request(String.class);
        client.get("/users/" + UUID.randomUUID()).request(String.class);
        client.get("/nothing/" + UUID.randomUUID()).request(String.class);
        client.get("/users").queryParam("limit", "0").request(String.class);
        client.method(Method.PATCH).path("/users").request(String.class);

        awaitCount(() -> count("GET", "/users/{id}", 200), okBefore + 2);
        awaitCount(() -> count("GET", "/users/{id}", 404), missingBefore + 1);
        awaitCount(() -> count("GET", HttpRouteMetrics.UNKNOWN, 404), unknownBefore + 1);
        awaitCount(() -> count("GET", "/users", 400), badBefore + 1);
        awaitCount(() -> count("PATCH", "/users", 405), notAllowedBefore + 1);
        assertThat(tag(timer("GET", "/users/{id}", 404), "outcome")).isEqualTo("CLIENT_ERROR");
        assertThat(tag(timer("GET", "/users/{id}", 200), "outcome")).isEqualTo("SUCCESS");
        assertThat(tag(timer("POST", "/users", 201), "outcome")).isEqualTo("SUCCESS");

        // Never a raw path: the routes are the registered templates, or UNKNOWN.
        var routes = new TreeSet<String>();
        for (Meter m : timers()) {
            routes.add(tag(m, "uri"));
        }
        assertThat(routes).isSubsetOf("/users", "/users/{id}", "/admin/cache/clear", HttpRouteMetrics.UNKNOWN);
    }

    @Test
    void theHistogramHasTheFixedBuckets() {
        client.get("/users").request(String.class);
        awaitCount(() -> count("GET", "/users", 200), 1);
        var buckets = StreamSupport.stream(timer("GET", "/users", 200).snapshot().histogramCounts().spliterator(), false)
                .map(b -> b.boundary(java.util.concurrent.TimeUnit.MILLISECONDS)).toList();
        assertThat(buckets).hasSize(15).startsWith(0.25, 0.5, 1.0).endsWith(10_000.0);
    }

    @Test
    void answersOfTheConnectionLayerAreCountedAsUnknown() throws Exception {
        long before = count("POST", HttpRouteMetrics.UNKNOWN, 413);
        String big = "{\"email\":\"a@b.co\",\"name\":\"" + "x".repeat(5_000) + "\"}";
        var res = client.post("/users").contentType(MediaTypes.APPLICATION_JSON).submit(big, String.class);
        assertThat(res.status()).isEqualTo(Status.REQUEST_ENTITY_TOO_LARGE_413);
        awaitCount(() -> count("POST", HttpRouteMetrics.UNKNOWN, 413), before + 1);

        long garbage = count("OTHER", HttpRouteMetrics.UNKNOWN, 400);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 400");
        }
        awaitCount(() -> count("OTHER", HttpRouteMetrics.UNKNOWN, 400), garbage + 1);
    }

    @Test
    void outcomesAndRoutesAreNormalised() {
        assertThat(HttpRouteMetrics.outcome(101)).isEqualTo("INFORMATIONAL");
        assertThat(HttpRouteMetrics.outcome(204)).isEqualTo("SUCCESS");
        assertThat(HttpRouteMetrics.outcome(304)).isEqualTo("REDIRECTION");
        assertThat(HttpRouteMetrics.outcome(499)).isEqualTo("CLIENT_ERROR");
        assertThat(HttpRouteMetrics.outcome(503)).isEqualTo("SERVER_ERROR");
        assertThat(HttpRouteMetrics.route("/users/")).isEqualTo("/users");
        assertThat(HttpRouteMetrics.route("/")).isEqualTo("/");
        assertThat(HttpRouteMetrics.route(null)).isEqualTo(HttpRouteMetrics.UNKNOWN);
        // A made-up method cannot add series.
        METRICS.record("X" + UUID.randomUUID(), "/users", 405, 1_000);
        assertThat(count("OTHER", "/users", 405)).isGreaterThanOrEqualTo(1);
    }

    private static List<Meter> timers() {
        return REGISTRY.meters().stream().filter(m -> m.id().name().equals(HttpRouteMetrics.NAME)).toList();
    }

    private static Timer timer(String method, String route, int status) {
        return REGISTRY.timer(HttpRouteMetrics.NAME, List.of(Tag.create("method", method), Tag.create("uri", route),
                Tag.create("status", Integer.toString(status)), Tag.create("outcome", HttpRouteMetrics.outcome(status))))
                .orElseThrow(() -> new AssertionError("no timer " + method + " " + route + " " + status + " among "
                        + timers().stream().map(m -> tagsOf(m).toString()).toList()));
    }

    private static long count(String method, String route, int status) {
        return REGISTRY.timer(HttpRouteMetrics.NAME, List.of(Tag.create("method", method), Tag.create("uri", route),
                        Tag.create("status", Integer.toString(status)), Tag.create("outcome", HttpRouteMetrics.outcome(status))))
                .map(Timer::count).orElse(0L);
    }

    private static String tag(Meter meter, String key) {
        return tagsOf(meter).get(key);
    }

    private static Map<String, String> tagsOf(Meter meter) {
        var tags = new HashMap<String, String>();
        meter.id().tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    /** The timer is recorded when the response has been sent, which may be just after the client has it. */
    private static void awaitCount(LongSupplier count, long atLeast) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count.getAsLong() < atLeast && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            Thread.yield();
        }
        assertThat(count.getAsLong()).isGreaterThanOrEqualTo(atLeast);
    }
}
