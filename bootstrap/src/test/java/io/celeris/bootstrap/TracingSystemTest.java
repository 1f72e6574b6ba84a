package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.celeris.adapter.cache.RedisTestServer;
import io.celeris.bootstrap.logging.AsyncSettings;
import io.helidon.logging.common.HelidonMdc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traces as a collector receives them: the wired application exports over OTLP/HTTP to a receiver in this test,
 * which decodes the protobuf with the protocol's own classes and checks the tree of a request that came with a
 * W3C {@code traceparent}.
 */
class TracingSystemTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Span> received = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();
    private final Queue<Export> exports = new ConcurrentLinkedQueue<>();
    private final Logger accessLogger = Logger.getLogger("io.celeris.access");
    private final MdcLines accessLines = new MdcLines();
    private HttpServer collector;

    @BeforeEach
    void startCollector() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/", exchange -> {
            try (exchange) {
                exports.add(new Export(exchange.getRequestURI().getPath(), exchange.getRequestHeaders()));
                InputStream body = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new GZIPInputStream(body);
                }
                var request = ExportTraceServiceRequest.parseFrom(body.readAllBytes());
                synchronized (received) {
                    request.getResourceSpansList().forEach(r -> {
                        resources.add(r.getResource());
                        r.getScopeSpansList().forEach(s -> received.addAll(s.getSpansList()));
                    });
                }
                byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        collector.start();
        accessLogger.addHandler(accessLines);
    }

    @AfterEach
    void stopCollector() {
        accessLogger.removeHandler(accessLines);
        collector.stop(0);
    }

    @Test
    void aRequestWithTraceparentIsOneServerSpanUnderTheClientsWithCacheAndDatabaseChildren() throws Exception {
        String id;
        try (Celeris app = start("http://127.0.0.1:" + collector.getAddress().getPort())) {
            String base = "http://127.0.0.1:" + app.port();
            id = firstUserId(base);
            var response = http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + id))
                    .header("traceparent", TRACEPARENT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        }
        // Closing the application flushed what the batch processor held, to the base endpoint's traces path.
        assertThat(exports).isNotEmpty().allSatisfy(export -> assertThat(export.path()).isEqualTo("/v1/traces"));
        List<Span> trace;
        synchronized (received) {
            trace = received.stream().filter(s -> hex(s.getTraceId().toByteArray()).equals(TRACE_ID)).toList();
        }
        List<Span> servers = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).toList();
        assertThat(servers).as("server spans of the trace in %s", trace).hasSize(1);
        Span server = servers.getFirst();
        assertThat(hex(server.getParentSpanId().toByteArray())).isEqualTo(CLIENT_SPAN_ID);
        assertThat(server.getName()).isEqualTo("GET /users/{id}");
        assertThat(server.getName()).doesNotContain(id);
        String serverId = hex(server.getSpanId().toByteArray());
        // The request's first read of that id missed the cache: the read is a child of the server span, says the
        // loader answered, and the database call it made is its child.
        Span read = childrenOf(trace, serverId).stream().filter(s -> s.getName().equals("cache user read"))
                .findFirst().orElseThrow(() -> new AssertionError("no cache read under the server span: " + names(trace)));
        assertThat(attribute(read, "cache.answered_by")).isEqualTo("loader");
        List<Span> database = childrenOf(trace, hex(read.getSpanId().toByteArray()));
        assertThat(database).extracting(Span::getName).as("%s", names(trace)).containsExactly("SELECT users");
        assertThat(database.getFirst().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(attribute(database.getFirst(), "db.system.name")).isEqualTo("h2");

        // Every log line of the request carried its ids: the access-log line did, in the MDC and in its text.
        assertThat(accessLines.matching("/users/" + id)).singleElement()
                .isEqualTo(Map.of(AsyncSettings.TRACE_ID, TRACE_ID, AsyncSettings.SPAN_ID, serverId));
        assertThat(accessLines.texts("/users/" + id)).singleElement().asString()
                .contains(" trace_id=" + TRACE_ID + " span_id=" + serverId + " id=");
    }

    /** A client's traceparent is hostile input too: a malformed one is ignored (a new trace starts), never a 4xx/5xx. */
    @Test
    void aMalformedTraceparentStartsANewTraceAndIsNeverAnError() throws Exception {
        List<String> malformed = List.of("zz-garbage", "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
                "00-" + TRACE_ID + "-" + CLIENT_SPAN_ID, "ff-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01",
                "00-" + "x".repeat(8_000), "00-" + TRACE_ID.toUpperCase(java.util.Locale.ROOT) + "-" + CLIENT_SPAN_ID + "-01");
        try (Celeris app = start("http://127.0.0.1:" + collector.getAddress().getPort())) {
            String base = "http://127.0.0.1:" + app.port();
            String id = firstUserId(base);
            for (String value : malformed) {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + id))
                        .header("traceparent", value).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(value).isEqualTo(200);
            }
        }
        List<Span> servers;
        synchronized (received) {
            servers = received.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                    && s.getName().equals("GET /users/{id}")).toList();
        }
        assertThat(servers).hasSize(malformed.size());
        // None of them continued the client's trace: each is a root of a trace of its own.
        assertThat(servers).allSatisfy(s -> {
            assertThat(hex(s.getTraceId().toByteArray())).isNotEqualTo(TRACE_ID);
            assertThat(s.getParentSpanId().isEmpty()).isTrue();
        });
    }

    /** With Redis under the in-process cache, each round trip to the L2 tier is a client span under the read. */
    @Test
    void theRedisTierIsSpannedUnderTheCacheRead() throws Exception {
        String prefix = "celeris-tracing-" + UUID.randomUUID() + ":";
        try (Celeris app = start("http://127.0.0.1:" + collector.getAddress().getPort(), Map.of(
                "celeris.redis.url", RedisTestServer.uri(), "celeris.redis.key-prefix", prefix,
                "celeris.redis.command-timeout", "PT0.5S"))) {
            String base = "http://127.0.0.1:" + app.port();
            ServiceProbe.awaitReady(base); // on Redis: before that, reads go to L1 alone
            String id = firstUserId(base);
            var response = http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + id))
                    .header("traceparent", TRACEPARENT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            RedisTestServer.deleteKeysStartingWith(prefix);
        }
        List<Span> trace;
        synchronized (received) {
            trace = received.stream().filter(s -> hex(s.getTraceId().toByteArray()).equals(TRACE_ID)).toList();
        }
        Span server = trace.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst()
                .orElseThrow(() -> new AssertionError("no server span: " + names(trace)));
        Span read = childrenOf(trace, hex(server.getSpanId().toByteArray())).stream()
                .filter(s -> s.getName().equals("cache user read")).findFirst()
                .orElseThrow(() -> new AssertionError("no cache read under the server span: " + names(trace)));
        List<Span> underRead = childrenOf(trace, hex(read.getSpanId().toByteArray())).stream()
                .sorted(Comparator.comparingLong(Span::getStartTimeUnixNano)).toList();
        // L1 missed, so Redis was asked; it missed too, so the database loaded and the value went back to Redis.
        assertThat(underRead).extracting(Span::getName).as("%s", names(trace))
                .containsExactly("cache l2 get", "SELECT users", "cache l2 store");
        assertThat(underRead.getFirst().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(attribute(underRead.getFirst(), "db.system.name")).isEqualTo("redis");
    }

    @Test
    void withoutAnEndpointNothingIsTracedAndNoIdsAreLogged() throws Exception {
        try (Celeris app = start("")) {
            String base = "http://127.0.0.1:" + app.port();
            String id = firstUserId(base);
            http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + id)).header("traceparent", TRACEPARENT)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accessLines.matching("/users/" + id)).singleElement().isEqualTo(Map.of());
            assertThat(accessLines.texts("/users/" + id)).singleElement().asString()
                    .doesNotContain("trace_id").doesNotContain("span_id");
        }
        synchronized (received) {
            assertThat(received).isEmpty();
        }
    }

    /** An answer of the error handlers (a 404) is spanned with its status, and a 4xx is no error. */
    @Test
    void anAnswerOfTheErrorHandlersIsSpannedWithTheStatusSent() throws Exception {
        try (Celeris app = start("http://127.0.0.1:" + collector.getAddress().getPort())) {
            var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/users/"
                    + UUID.randomUUID())).header("traceparent", TRACEPARENT).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(404);
        }
        Span server = serverSpanOf(TRACE_ID);
        assertThat(server.getName()).isEqualTo("GET /users/{id}");
        assertThat(intAttribute(server, "http.response.status_code")).isEqualTo(404);
        assertThat(server.getStatus().getCode()).isNotEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    }

    /**
     * An answer that closes its connection (the client's {@code Connection: close}) is no error, and a method HTTP
     * does not define names no span: OpenTelemetry's {@code _OTHER} and {@code HTTP}, as metrics fold it.
     */
    @Test
    void aClosingAnswerIsNoErrorAndAnUnknownMethodNamesNoSpan() throws Exception {
        String closing = "6bf92f3577b34da6a3ce929d0e0e4736";
        String unknown = "7bf92f3577b34da6a3ce929d0e0e4736";
        try (Celeris app = start("http://127.0.0.1:" + collector.getAddress().getPort())) {
            assertThat(raw(app.port(), "GET /users?limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\ntraceparent: 00-"
                    + closing + "-" + CLIENT_SPAN_ID + "-01\r\n\r\n")).startsWith("HTTP/1.1 200");
            assertThat(raw(app.port(), "QDVPSY /users HTTP/1.1\r\nHost: x\r\nConnection: close\r\ntraceparent: 00-"
                    + unknown + "-" + CLIENT_SPAN_ID + "-01\r\n\r\n")).startsWith("HTTP/1.1 405");
        }
        Span closed = serverSpanOf(closing);
        assertThat(closed.getName()).isEqualTo("GET /users");
        assertThat(closed.getStatus().getCode()).isNotEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
        assertThat(closed.getEventsList()).as("no exception event").isEmpty();
        Span other = serverSpanOf(unknown);
        assertThat(other.getName()).isEqualTo("HTTP");
        assertThat(attribute(other, "http.request.method")).isEqualTo("_OTHER");
        assertThat(intAttribute(other, "http.response.status_code")).isEqualTo(405);
    }

    /**
     * Answers the connection layer gives before routing are spans too: a 413 (declared body over the limit) in
     * the client's trace, whose headers were read; a 414 (request line too long) as a trace of its own.
     */
    @Test
    void theConnectionLayersAnswersAreSpans() throws Exception {
        String traceOf413 = "5bf92f3577b34da6a3ce929d0e0e4736";
        try (Celeris app = start("http://127.0.0.1:" + collector.getAddress().getPort())) {
            assertThat(raw(app.port(), "POST /users HTTP/1.1\r\nHost: x\r\ntraceparent: 00-" + traceOf413 + "-"
                    + CLIENT_SPAN_ID + "-01\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n"))
                    .startsWith("HTTP/1.1 413");
            assertThat(raw(app.port(), "GET /users/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"))
                    .startsWith("HTTP/1.1 414");
        }
        Span payload = serverSpanOf(traceOf413);
        assertThat(payload.getName()).isEqualTo("POST");
        assertThat(hex(payload.getParentSpanId().toByteArray())).isEqualTo(CLIENT_SPAN_ID);
        assertThat(intAttribute(payload, "http.response.status_code")).isEqualTo(413);
        List<Span> uriTooLong;
        synchronized (received) {
            uriTooLong = received.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                    && intAttribute(s, "http.response.status_code") == 414).toList();
        }
        assertThat(uriTooLong).singleElement().satisfies(s -> {
            assertThat(s.getParentSpanId().isEmpty()).isTrue();
            assertThat(s.getAttributesList()).noneSatisfy(a -> assertThat(a.getKey()).isEqualTo("url.path"));
        });
    }

    /**
     * The standard variables reach the export: headers (a SaaS collector's credentials, percent-decoded), gzip,
     * resource attributes, and a traces endpoint used as is, without the base endpoint.
     */
    @Test
    void theStandardVariablesShapeTheExport() throws Exception {
        String collectorBase = "http://127.0.0.1:" + collector.getAddress().getPort();
        try (Celeris app = start(Map.of(
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collectorBase + "/tenant-7/traces",
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20s3cret,x-tenant=acme",
                "OTEL_EXPORTER_OTLP_COMPRESSION", "gzip",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "5000",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test,service.namespace=users",
                "OTEL_SERVICE_NAME", "celeris-eu"), Map.of())) {
            String base = "http://127.0.0.1:" + app.port();
            String id = firstUserId(base);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + id))
                    .header("traceparent", TRACEPARENT).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
        }
        assertThat(exports).as("exports received").isNotEmpty().allSatisfy(export -> {
            assertThat(export.path()).isEqualTo("/tenant-7/traces");
            assertThat(export.headers().getFirst("Authorization")).isEqualTo("Bearer s3cret");
            assertThat(export.headers().getFirst("X-tenant")).isEqualTo("acme");
            assertThat(export.headers().getFirst("Content-Encoding")).isEqualTo("gzip");
        });
        synchronized (received) {
            assertThat(received).anySatisfy(s -> assertThat(hex(s.getTraceId().toByteArray())).isEqualTo(TRACE_ID));
            assertThat(resources).isNotEmpty().allSatisfy(r -> {
                assertThat(attribute(r, "service.name")).isEqualTo("celeris-eu");
                assertThat(attribute(r, "deployment.environment.name")).isEqualTo("test");
                assertThat(attribute(r, "service.namespace")).isEqualTo("users");
            });
        }
    }

    /** The sampler is the operator's: a ratio of 0 keeps no trace, even one the client sampled. */
    @Test
    void theSamplerDecidesWhatIsExported() throws Exception {
        try (Celeris app = start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:"
                + collector.getAddress().getPort(), "OTEL_TRACES_SAMPLER", "traceidratio",
                "OTEL_TRACES_SAMPLER_ARG", "0"), Map.of())) {
            String base = "http://127.0.0.1:" + app.port();
            String id = firstUserId(base);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + id))
                    .header("traceparent", TRACEPARENT).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .isEqualTo(200);
            // Not sampled is not untraced: the request still runs in the client's trace, its ids in the log.
            assertThat(accessLines.matching("/users/" + id)).singleElement()
                    .satisfies(ids -> assertThat(ids).containsEntry(AsyncSettings.TRACE_ID, TRACE_ID));
        }
        synchronized (received) {
            assertThat(received).isEmpty();
        }
    }

    /**
     * A tracing setting the SDK cannot honour stops the start with a message naming the variable, rather than a
     * service running without the traces the operator asked for (or exporting somewhere else).
     */
    @Test
    void anInvalidSettingStopsTheStartNamingIt() {
        String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
        Map<Map<String, String>, List<String>> cases = Map.of(
                Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), List.of("OTEL_EXPORTER_OTLP_PROTOCOL", "'grpc'",
                        "supported value is http/protobuf"),
                Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"), List.of("'http/json'", "http/protobuf"),
                Map.of("OTEL_EXPORTER_OTLP_HEADERS", "authorization"), List.of("otel.exporter.otlp.headers"),
                Map.of("OTEL_RESOURCE_ATTRIBUTES", "a=1,oops"), List.of("otel.resource.attributes"),
                Map.of("OTEL_TRACES_SAMPLER", "sometimes"), List.of("sometimes"),
                Map.of("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd"), List.of("ompression"),
                Map.of("OTEL_EXPORTER_OTLP_TIMEOUT", "-5"), List.of("OTEL_EXPORTER_OTLP_TIMEOUT", "must not be negative"));
        cases.forEach((variables, expected) -> {
            var environment = new HashMap<>(variables);
            environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
            assertThatIllegalStateException().as("%s", variables)
                    .isThrownBy(() -> Tracing.start(Settings.load(environment, Map.of())).ifPresent(Tracing::close))
                    .withMessageStartingWith("tracing: ")
                    .satisfies(e -> assertThat(e.getMessage()).contains(expected));
        });
        // The same values with no endpoint are never read: tracing is off.
        assertThat(Tracing.start(Settings.load(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), Map.of()))).isEmpty();
        // And through the application's start: it stops, nothing stays open.
        assertThatIllegalStateException().isThrownBy(() -> start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_HEADERS", "=x"), Map.of()).close())
                .withMessageContaining("otel.exporter.otlp.headers");
    }

    private static Celeris start(String endpoint) {
        return start(endpoint, Map.of());
    }

    private static Celeris start(String endpoint, Map<String, String> more) {
        return start(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint), more);
    }

    private static Celeris start(Map<String, String> environment, Map<String, String> more) {
        var overrides = new HashMap<>(Map.of(
                "server.port", "0",
                "database.url", "jdbc:h2:mem:tracing-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "3",
                "celeris.access-log.enabled", "true",
                "celeris.metrics.http-routes", "false"));
        overrides.putAll(more);
        return Celeris.start(Settings.load(environment, overrides));
    }

    private String firstUserId(String base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/users?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private static List<Span> childrenOf(List<Span> trace, String parentId) {
        return trace.stream().filter(s -> hex(s.getParentSpanId().toByteArray()).equals(parentId)).toList();
    }

    private static List<String> names(List<Span> trace) {
        return trace.stream().map(s -> s.getName() + " (" + hex(s.getSpanId().toByteArray()) + " under "
                + hex(s.getParentSpanId().toByteArray()) + ")").toList();
    }

    private static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key))
                .map(a -> a.getValue().getStringValue()).findFirst().orElse(null);
    }

    private Span serverSpanOf(String traceId) {
        synchronized (received) {
            List<Span> servers = received.stream().filter(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                    && hex(s.getTraceId().toByteArray()).equals(traceId)).toList();
            assertThat(servers).as("server spans of trace %s", traceId).hasSize(1);
            return servers.getFirst();
        }
    }

    private static long intAttribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key))
                .mapToLong(a -> a.getValue().getIntValue()).findFirst().orElse(-1);
    }

    /** Bytes a client like HttpClient would not send (a request line too long, a declared body not sent). */
    private static String raw(int port, String request) throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            var reader = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.ISO_8859_1));
            return String.valueOf(reader.readLine());
        }
    }

    private static String attribute(Resource resource, String key) {
        return resource.getAttributesList().stream().filter(a -> a.getKey().equals(key))
                .map(a -> a.getValue().getStringValue()).findFirst().orElse(null);
    }

    private record Export(String path, Headers headers) {
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** The trace and span ids in the MDC of the thread that logged each access-log line, by line. */
    private static final class MdcLines extends Handler {
        private final ConcurrentLinkedQueue<Map.Entry<String, Map<String, String>>> lines =
                new ConcurrentLinkedQueue<>();

        MdcLines() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            var ids = new HashMap<String, String>();
            HelidonMdc.get(AsyncSettings.TRACE_ID).ifPresent(v -> ids.put(AsyncSettings.TRACE_ID, v));
            HelidonMdc.get(AsyncSettings.SPAN_ID).ifPresent(v -> ids.put(AsyncSettings.SPAN_ID, v));
            lines.add(Map.entry(String.valueOf(record.getMessage()), Map.copyOf(ids)));
        }

        /** The access-log line is written when the response is sent, which can be just after the client read it. */
        List<Map<String, String>> matching(String path) throws InterruptedException {
            long deadline = System.nanoTime() + 10_000_000_000L;
            List<Map<String, String>> found = find(path);
            while (found.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                found = find(path);
            }
            return found;
        }

        /** The access-log lines of {@code path}, once {@link #matching} has seen them. */
        List<String> texts(String path) {
            return lines.stream().map(Map.Entry::getKey).filter(line -> line.contains(path)).toList();
        }

        private List<Map<String, String>> find(String path) {
            return lines.stream().filter(e -> e.getKey().contains(path)).map(Map.Entry::getValue)
                    .toList();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
