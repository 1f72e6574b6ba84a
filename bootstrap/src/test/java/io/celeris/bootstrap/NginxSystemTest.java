package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.persistence.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two instances behind nginx running the shipped {@code deploy/nginx/celeris.conf}: the HTTP contract holds through
 * the proxy (relative Location and Link, ETags and preconditions, problem+json, the body limit), both instances
 * serve, and the access log names the real client only when the peer is a trusted proxy. Also: nginx without
 * {@code proxy_http_version 1.1} gets 505 from Helidon, which is why the line is there.
 */
class NginxSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A second loopback address: the "real client", distinct from nginx's own 127.0.0.1. */
    private static final String CLIENT_ADDRESS = "127.0.0.2";
    private static final String SPOOFED = "198.51.100.9";
    /** A text access line: its time in UTC to the millisecond, then the client. */
    private static final Pattern STAMPED = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z \\S.*");
    private static final List<String> ACCESS = new CopyOnWriteArrayList<>();
    private static final Handler COLLECTOR = new Handler() {
        @Override
        public void publish(LogRecord r) {
            ACCESS.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static final String WRITE_SECRET = "nginx-test-write-secret";
    /** The instances' settings but the write token. */
    private static Map<String, String> unguarded;
    private static Celeris a;
    private static Celeris b;
    private static Nginx nginx;
    private static HttpClient http;
    private static HttpClient fromClientAddress;

    @BeforeAll
    static void start() throws Exception {
        Logger.getLogger("io.celeris.access").addHandler(COLLECTOR);
        var pg = PostgresTestDatabase.get();
        unguarded = Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("server.host", "127.0.0.1"),
                // nginx connects from 127.0.0.1: its X-Forwarded-For is believed, nobody else's.
                Map.entry("server.trusted-proxies", "127.0.0.1/32"),
                Map.entry("database.url", pg.url()),
                Map.entry("database.user", pg.user()),
                Map.entry("database.password", pg.password()),
                Map.entry("database.pool.minimum-idle", "2"),
                // One secret for both, so a cursor made by one instance is good on the other.
                Map.entry("celeris.cursor.secret", "nginx-test-secret-0123456789abcdef"),
                // Without Redis each instance has its own cache; the point here is the proxy, not coherence
                // (CrossInstanceCacheSystemTest), so reads go to the database and a write shows at once on both.
                Map.entry("celeris.cache.enabled", "false"),
                Map.entry("celeris.access-log.enabled", "true"));
        // Behind a proxy writes need a token: what nginx forwards is never a loopback client's.
        var shared = new HashMap<>(unguarded);
        shared.put("celeris.auth.tokens", "nginx-test:write:" + AuthSettingsTest.sha256(WRITE_SECRET));
        a = Celeris.start(Settings.load(Map.of(), shared));
        b = Celeris.start(Settings.load(Map.of(), shared));
        nginx = Nginx.start(List.of(a.port(), b.port()));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        fromClientAddress = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName(CLIENT_ADDRESS)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("io.celeris.access").removeHandler(COLLECTOR);
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        }
    }

    /** Sends the request, with the write token on a write. */
    private static HttpResponse<String> send(HttpClient client, String base, String method, String path, String body,
                                             String... headers) throws Exception {
        return JsonRequests.sendWithWriteToken(client, base, method, path, body, WRITE_SECRET, headers);
    }

    private static HttpResponse<String> viaProxy(String method, String path, String body, String... headers)
            throws Exception {
        return send(http, nginx.baseUri(), method, path, body, headers);
    }

    @Test
    void writesReadsAndPreconditionsWorkThroughTheProxyWithRelativeLocations() throws Exception {
        String email = "nginx-" + UUID.randomUUID().toString().substring(0, 8) + "@proxy.example";
        var created = viaProxy("POST", "/users", "{\"email\":\"" + email + "\",\"name\":\"Proxy Ada\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        assertThat(location).as("Location stays relative behind the proxy").matches("/users/[0-9a-f-]{36}");
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");

        var read = viaProxy("GET", location, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).get("email").asText()).isEqualTo(email);
        assertThat(read.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(viaProxy("GET", location, null, "If-None-Match", "\"1\"").statusCode()).isEqualTo(304);

        var updated = viaProxy("PUT", location, "{\"email\":\"" + email + "\",\"name\":\"Proxy King\"}", "If-Match", "\"1\"");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(updated.headers().firstValue("ETag")).contains("\"2\"");
        var stale = viaProxy("PUT", location, "{\"email\":\"" + email + "\",\"name\":\"Stale\"}", "If-Match", "\"1\"");
        assertProblem(stale, 412, "version-mismatch");
        // Whichever instance answers, it reads the committed write.
        for (int i = 0; i < 4; i++) {
            var again = viaProxy("GET", location, null);
            assertThat(again.headers().firstValue("ETag")).contains("\"2\"");
            assertThat(JSON.readTree(again.body()).get("name").asText()).isEqualTo("Proxy King");
        }

        assertThat(viaProxy("DELETE", location, null, "If-Match", "\"2\"").statusCode()).isEqualTo(204);
        assertProblem(viaProxy("GET", location, null), 404, "not-found");
    }

    @Test
    void cursorLinksStayRelativeAndWalkThroughTheProxyAcrossBothInstances() throws Exception {
        String domain = "walk-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            var res = viaProxy("POST", "/users", "{\"email\":\"w" + i + "@" + domain + "\",\"name\":\"Walker " + i + "\"}");
            assertThat(res.statusCode()).as(res.body()).isEqualTo(201);
            made.add(JSON.readTree(res.body()).get("id").asText());
        }
        Set<String> seen = new HashSet<>();
        String next = "/users?limit=2&email_domain=" + domain;
        int pages = 0;
        while (next != null) {
            var page = viaProxy("GET", next, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            for (JsonNode item : JSON.readTree(page.body()).get("items")) {
                assertThat(seen.add(item.get("id").asText())).as("each user once").isTrue();
            }
            String link = page.headers().firstValue("Link").orElse("");
            assertThat(link).as("Link targets are relative").doesNotContain("http:").contains("rel=\"first\"");
            next = linkTarget(link, "next").orElse(null);
            if (next != null) {
                assertThat(next).startsWith("/users?");
            }
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(seen).isEqualTo(made);
        // Round robin over both instances (nginx logs the upstream of every request).
        Set<String> upstreams = new HashSet<>();
        for (String line : nginx.accessLog()) {
            Matcher m = Pattern.compile("upstream=(\\S+)").matcher(line);
            if (m.find()) {
                upstreams.add(m.group(1));
            }
        }
        assertThat(upstreams).contains("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
    }

    @Test
    void badInputIsProblemJsonThroughTheProxyAndTheBodyLimitMatchesTheService() throws Exception {
        assertProblem(viaProxy("GET", "/users?limit=0", null), 400, "invalid-parameter");
        assertProblem(viaProxy("GET", "/users?cursor=garbage", null), 400, "invalid-cursor");
        String big = "{\"email\":\"big@proxy.example\",\"name\":\"" + "x".repeat(70_000) + "\"}";
        var viaNginx = viaProxy("POST", "/users", big);
        assertProblem(viaNginx, 413, "payload-too-large");
        // The same answer as the service's own (nginx refuses first, so they must agree), to a client that sends the
        // whole body before it reads: the service reads the rest after its 413 (it used to close with the body still
        // arriving, and this client then met a reset, a broken pipe, instead of the answer).
        var direct = send(http, "http://127.0.0.1:" + a.port(), "POST", "/users", big);
        assertProblem(direct, 413, "payload-too-large");
        // Just under the limit passes nginx and reaches the service (which judges the name itself).
        String under = "{\"email\":\"under@proxy.example\",\"name\":\"" + "x".repeat(60_000) + "\"}";
        assertProblem(viaProxy("POST", "/users", under), 400, "invalid-field");
    }

    @Test
    void withoutAWriteTokenNobodyWritesThroughTheProxy() throws Exception {
        // nginx connects from 127.0.0.1 whoever its client is: were the peer's address enough, the loopback-only
        // default would let every client of the proxy write (it did, through this very site).
        try (var open = Celeris.start(Settings.load(Map.of(), unguarded));
             var proxy = Nginx.start(List.of(open.port()))) {
            String body = "{\"email\":\"open-" + UUID.randomUUID().toString().substring(0, 8)
                    + "@proxy.example\",\"name\":\"Open\"}";
            var forwarded = JsonRequests.send(fromClientAddress, proxy.baseUri(), "POST", "/users", body);
            assertProblem(forwarded, 403, "writes-loopback-only");
            assertThat(forwarded.body()).contains("a request forwarded by a proxy is not one");
            // Even from nginx's own machine, through nginx: only a direct loopback client writes without a token.
            assertProblem(JsonRequests.send(http, proxy.baseUri(), "POST", "/users", body), 403, "writes-loopback-only");
            assertThat(JsonRequests.send(http, "http://127.0.0.1:" + open.port(), "POST", "/users", body).statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void theAccessLogNamesTheRealClientWhenTheProxyIsTrusted() throws Exception {
        String id = requestId();
        var res = send(fromClientAddress, nginx.baseUri(), "GET", "/users?limit=1", null, "X-Request-Id", id);
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(accessLine(id)).as("nginx at 127.0.0.1 is trusted: its X-Forwarded-For names the client")
                .startsWith(CLIENT_ADDRESS + " ");
    }

    @Test
    void aSpoofedHeaderIsIgnoredThroughTheProxyAndFromAnUntrustedPeer() throws Exception {
        // Through nginx: the client's own header is only the left part of the chain; the hop nginx saw wins.
        String viaProxy = requestId();
        send(fromClientAddress, nginx.baseUri(), "GET", "/users?limit=1", null, "X-Request-Id", viaProxy,
                "X-Forwarded-For", SPOOFED);
        assertThat(accessLine(viaProxy)).startsWith(CLIENT_ADDRESS + " ").doesNotContain(SPOOFED);

        // Straight to an instance from an address that is not a trusted proxy: the header is ignored.
        String direct = requestId();
        send(fromClientAddress, "http://127.0.0.1:" + a.port(), "GET", "/users?limit=1", null, "X-Request-Id", direct,
                "X-Forwarded-For", SPOOFED);
        assertThat(accessLine(direct)).startsWith(CLIENT_ADDRESS + " ").doesNotContain(SPOOFED);

        // The same header from the trusted address is believed: the setting, not the header, decides.
        String trusted = requestId();
        send(http, "http://127.0.0.1:" + a.port(), "GET", "/users?limit=1", null, "X-Request-Id", trusted,
                "X-Forwarded-For", SPOOFED);
        assertThat(accessLine(trusted)).startsWith(SPOOFED + " ");
    }

    @Test
    void aDefaultNginxSpeaksHttp10UpstreamAndHelidonAnswers505() throws Exception {
        // Drop the one line: nginx then proxies with HTTP/1.0, its default.
        try (var plain = Nginx.start(List.of(a.port()),
                conf -> conf.replaceAll("(?m)^\\s*proxy_http_version 1\\.1;\\s*$", ""))) {
            var res = send(http, plain.baseUri(), "GET", "/users?limit=1", null);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(505);
        }
        // The same, straight to the service over a socket.
        assertThat(rawStatusLine(a.port(), "GET /users?limit=1 HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"))
                .startsWith("HTTP/1.1 505");
        // And with the line (the shipped file), the same request is served.
        assertThat(viaProxy("GET", "/users?limit=1", null).statusCode()).isEqualTo(200);
    }

    @Test
    void nginxClosesIdleUpstreamConnectionsBeforeTheInstancesDo() throws Exception {
        // The race nobody can test in a few seconds (it needs a minute-long idle): the side that closes must be nginx.
        Matcher keepalive = Pattern.compile("(?m)^\\s*keepalive_timeout (\\d+)s;")
                .matcher(Files.readString(Nginx.SHIPPED_CONF));
        assertThat(keepalive.find()).as("the upstream's keepalive_timeout").isTrue();
        Duration instances = Settings.load(Map.of(), Map.of()).get("server.idle-connection-timeout")
                .as(Duration.class).get();
        assertThat(Duration.ofSeconds(Long.parseLong(keepalive.group(1)))).isLessThan(instances);
    }

    @Test
    void nginxsOwnRefusalsAreProblemJsonWithTheServicesTypes() throws Exception {
        String x9k = "a".repeat(9_000);
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("GET /users?limit=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: 0\r\n", "400 bad-request");
        refusals.put("POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n", "400 bad-request");
        refusals.put("GET /users HTTP/1.1\r\nHost: x\r\nX-Big: " + x9k + "\r\n", "400 bad-request");
        refusals.put("TRACE /users HTTP/1.1\r\nHost: x\r\n", "405 method-not-allowed");
        refusals.put("GET /users?q=" + x9k + " HTTP/1.1\r\nHost: x\r\n", "414 uri-too-long");
        refusals.put("POST /users HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n", "501 http-501");
        refusals.put("GET /users HTTP/2.0\r\nHost: x\r\n", "505 http-505");
        refusals.put("G(T /users HTTP/1.1\r\nHost: x\r\n", "400 bad-request");
        refusals.put("GET /.celeris-problem/400 HTTP/1.1\r\nHost: x\r\n", "404 not-found");
        for (var e : refusals.entrySet()) {
            String answer = rawExchange(nginx.port(), e.getKey() + "Connection: close\r\n\r\n");
            String what = e.getKey().substring(0, Math.min(60, e.getKey().length()));
            String status = e.getValue().substring(0, 3);
            String type = e.getValue().substring(4);
            assertThat(answer).as(what).startsWith("HTTP/1.1 " + status + " ");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(what)
                    .contains("\r\ncontent-type: application/problem+json\r\n");
            assertThat(answer).as(what).contains("\"type\":\"urn:celeris:problem:" + type + "\"");
        }
        // HTTP/1.0 without Host (a load balancer's health check) reaches the service: nginx sends it a Host.
        assertThat(rawExchange(nginx.port(), "GET /observe/health/live HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 ");
    }

    /** One request on a connection of its own, the whole answer up to the close. */
    private static String rawExchange(int port, String request) throws IOException {
        try (var s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String rawStatusLine(int port, String request) throws IOException {
        try (var s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            var in = s.getInputStream();
            var line = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.write(c);
            }
            return line.toString(StandardCharsets.US_ASCII).strip();
        }
    }

    private static void assertProblem(HttpResponse<String> res, int status, String slug) throws IOException {
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(JSON.readTree(res.body()).get("type").asText()).isEqualTo("urn:celeris:problem:" + slug);
    }

    private static Optional<String> linkTarget(String link, String rel) {
        Matcher m = Pattern.compile("<([^>]*)>;\\s*rel=\"" + rel + "\"").matcher(link);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String requestId() {
        return "nginx-test-" + UUID.randomUUID();
    }

    /**
     * The access-log line of one request, from its client on (its time stamp checked and taken off); it is written
     * once the response is sent, so wait for it.
     */
    private static String accessLine(String requestId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() - deadline < 0) {
            List<String> lines = new ArrayList<>(ACCESS);
            for (String line : lines) {
                if (line != null && line.endsWith("id=" + requestId)) {
                    assertThat(line).matches(STAMPED);
                    return line.substring(line.indexOf(' ') + 1);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no access-log line for request " + requestId + " within 10 s");
    }
}
