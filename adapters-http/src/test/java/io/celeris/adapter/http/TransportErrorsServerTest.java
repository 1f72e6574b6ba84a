package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.adapter.http.RawConnection.After;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers Helidon gives itself (malformed HTTP, a request line, headers or body too large, an unsupported
 * version) are problem+json with an {@code X-Request-Id} and an access-log line like every other answer; a client
 * that goes away in the middle of its body is an abort, not a 500 with a stack trace.
 */
@ServerTest
class TransportErrorsServerTest {

    private final int port;
    private final List<LogRecord> all = new CopyOnWriteArrayList<>();
    private final List<String> access = new CopyOnWriteArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord r) {
            all.add(r);
            if (AccessLog.LOGGER.equals(r.getLoggerName())) {
                access.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    TransportErrorsServerTest(WebServer server) {
        this.port = server.port();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.maxPayloadSize(65_536).directHandlers(HttpAdapter.directHandlers(AccessLogSettings.TEXT));
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TestApi.routing(routing, Optional.empty());
    }

    @BeforeEach
    void listen() {
        Logger.getLogger("").addHandler(collector);
        Logger.getLogger(AccessLog.LOGGER).addHandler(collector);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("").removeHandler(collector);
        Logger.getLogger(AccessLog.LOGGER).removeHandler(collector);
    }

    @Test
    void aMalformedRequestLineIs400() throws Exception {
        assertProblemWithIdAndAccessLine("GET /users?limit=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad-request");
    }

    @Test
    void garbageIs400() throws Exception {
        assertProblemWithIdAndAccessLine("NOT HTTP AT ALL\r\n\r\n", 400, "bad-request");
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        assertProblemWithIdAndAccessLine("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 70000\r\n\r\n", 413, "payload-too-large");
    }

    @Test
    void aRequestLineTooLongIs414() throws Exception {
        assertProblemWithIdAndAccessLine("GET /users?name_prefix=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                414, "uri-too-long");
    }

    @Test
    void headersTooLargeAreABadRequest() throws Exception {
        // Helidon 4.5 answers a header section over max-headers-size with 400 (not 431) and tells a direct handler
        // nothing more; the answer is still a problem with an id and a line.
        assertProblemWithIdAndAccessLine("GET /users HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
                400, "bad-request");
    }

    @Test
    void http10Is505() throws Exception {
        assertProblemWithIdAndAccessLine("GET /users HTTP/1.0\r\n\r\n", 505, "http-505");
    }

    private void assertProblemWithIdAndAccessLine(String request, int status, String slug) throws Exception {
        try (var c = new RawConnection(port)) {
            c.send(request);
            var answer = c.read();
            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.header("Content-Type")).contains(Problems.MEDIA_TYPE);
            assertThat(answer.body()).contains("\"type\":\"urn:celeris:problem:" + slug + "\"")
                    .contains("\"status\":" + status).doesNotContain("Exception");
            String id = answer.header("X-Request-Id").orElseThrow(() -> new AssertionError("no X-Request-Id"));
            awaitTrue(() -> access.stream().anyMatch(l -> l.contains("\" " + status + " ") && l.endsWith("id=" + id)),
                    "an access-log line with status " + status + " and id " + id + " in " + access);
        }
    }

    @Test
    void anAnswerBeforeRoutingKeepsAWellFormedRequestIdOfTheClient() throws Exception {
        try (var c = new RawConnection(port)) {
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nX-Request-Id: client-413\r\nContent-Length: 70000\r\n\r\n");
            var answer = c.read();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("X-Request-Id")).contains("client-413");
        }
    }

    @Test
    void aClientThatLeavesInTheMiddleOfItsBodyIsCountedAsAnAbortWithoutA500OrAStackTrace() throws Exception {
        // Issue 10, row 5: was logged as 500 with a SEVERE stack trace.
        long before = TransportStats.INSTANCE.clientAborts();
        try (var c = new RawConnection(port)) {
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nX-Request-Id: rid-abort\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n" + "{\"email\":\"a@b.co\",\"name\":\"".substring(0, 25));
        }
        awaitTrue(() -> TransportStats.INSTANCE.clientAborts() == before + 1, "the abort is counted");
        awaitTrue(() -> access.stream().anyMatch(l -> l.contains("\"POST /users\" 499 ") && l.endsWith("id=rid-abort")),
                "an access-log line with 499 in " + access);
        assertThat(access).noneMatch(l -> l.contains("\" 5"));
        assertThat(all).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null);
    }

    @Test
    void aClientThatHalfClosesInTheMiddleOfItsBodyIsAnAbortToo() throws Exception {
        long before = TransportStats.INSTANCE.clientAborts();
        try (var c = new RawConnection(port)) {
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"em");
            c.shutdownOutput();
            assertThat(c.after(Duration.ofSeconds(10))).isEqualTo(After.CLOSED);
        }
        awaitTrue(() -> TransportStats.INSTANCE.clientAborts() == before + 1, "the abort is counted");
        assertThat(all).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null);
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
