package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The transport as {@link Celeris} wires it from configuration: observer errors are problems, the configured
 * timeouts and body limit reach the server, and client aborts show in the metrics.
 */
class TransportSystemTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Celeris app;
    private static int port;

    @BeforeAll
    static void start() {
        app = Celeris.start(Settings.load(Map.of("CELERIS_HTTP_HEADER_TIMEOUT", "PT1S",
                "CELERIS_HTTP_BODY_TIMEOUT", "PT1S"), Map.of(
                "server.port", "0",
                "server.idle-connection-period", "PT0.1S",
                "database.url", "jdbc:h2:mem:transport-system;DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "0")));
        port = app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void metricsAskedForInAMediaTypeTheyDoNotHaveAreA406Problem() throws Exception {
        // Issue 10, row 13: was a 406 with an empty body.
        var res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(406);
        assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(res.body()).contains("\"type\":\"urn:celeris:problem:not-acceptable\"").contains("\"status\":406");
        assertThat(res.headers().firstValue("X-Request-Id")).isPresent();
        var unknown = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health/nothing"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void theConfiguredHeaderTimeoutClosesASlowClient() throws Exception {
        try (var s = new Socket("127.0.0.1", port)) {
            long start = System.nanoTime();
            s.getOutputStream().write("GET /users HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedWithin(s, Duration.ofSeconds(15))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void aChunkedBodyOverTheConfiguredLimitIs413AndNothingAfterItIsParsed() throws Exception {
        // Issue 10, row 2 against the wired server (max-payload-size 65,536 from application.yaml).
        String hiddenBody = "{\"email\":\"smuggled@hidden.example\",\"name\":\"Hidden\"}";
        String hidden = "POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + hiddenBody.length() + "\r\n\r\n" + hiddenBody;
        try (var s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n10000\r\n" + "x".repeat(65_536) + "\r\n"
                    + Integer.toHexString(hidden.length()) + "\r\n" + hidden + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = readUntilClosed(s, Duration.ofSeconds(15));
            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
            assertThat(answer.indexOf("HTTP/1.1", 1)).as("a second answer").isEqualTo(-1);
        }
        var list = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/users?email_domain=hidden.example")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.body()).contains("\"items\":[]");
    }

    @Test
    void clientAbortsAreCountedInTheMetricsAndNeverAs5xx() throws Exception {
        // The registry is the JVM's (other tests' 503s are in it): the aborted route's 5xx count must not move.
        String before = metrics();
        double serverErrorsBefore = postUsersServerErrors(before);
        double abortsBefore = clientAborts(before);
        try (var s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"email\":\"a@b.co\"").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String metrics;
        do {
            Thread.sleep(50);
            metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } while (clientAborts(metrics) <= abortsBefore && System.nanoTime() < deadline);
        assertThat(clientAborts(metrics)).isEqualTo(abortsBefore + 1);
        assertThat(postUsersServerErrors(metrics)).isEqualTo(serverErrorsBefore);
    }

    private String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static double clientAborts(String metrics) {
        var m = java.util.regex.Pattern.compile("\nceleris_http_client_aborts(\\{[^}]*})? ([0-9.Ee+-]+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    /** The sum of the 5xx answers counted for POST /users. */
    private static double postUsersServerErrors(String metrics) {
        var m = java.util.regex.Pattern.compile("\nhttp_server_requests_seconds_count\\{method=\"POST\",[^}]*status=\"5\\d\\d\","
                + "uri=\"/users\",} ([0-9.Ee+-]+)").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    private static boolean closedWithin(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private static String readUntilClosed(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) wait.toMillis());
        InputStream in = s.getInputStream();
        var out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n != -1; n = in.read(buf)) {
                out.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // A reset after the answer: the server closed with our unread bytes in its buffer.
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
