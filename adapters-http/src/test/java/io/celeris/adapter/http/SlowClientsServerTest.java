package io.celeris.adapter.http;

import static io.celeris.adapter.http.TransportErrorsServerTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.adapter.http.RawConnection.After;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, row 8: partial headers, a body declared 100 bytes with 25 sent, and an idle socket were none closed
 * within 150 s. With short timeouts configured (header 1 s, body 1 s, idle 2 s) each closes; a client within
 * them keeps its connection.
 */
class SlowClientsServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** Helidon measures idleness against a clock it updates once a second: 2 s, so pauses under 1 s never count. */
    private static final Duration IDLE = Duration.ofSeconds(2);
    /** Generous: the machine is shared; what matters is "closed", and "not at once". */
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static AutoCloseable transport;
    private static WebServer server;
    private static int port;

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

    @BeforeAll
    static void start() {
        // A server of its own rather than @ServerTest's: Helidon's test extension copies the builder into itself
        // (ListenerConfig.from), which doubles its protocol list, and two HTTP/1.1 candidates change how Helidon
        // accepts a connection (it reads first, so its idle timeout no longer sees a silent socket).
        var builder = WebServer.builder().host("127.0.0.1").port(0).maxPayloadSize(65_536)
                .idleConnectionTimeout(IDLE)
                .idleConnectionPeriod(Duration.ofMillis(100))
                .routing(routing -> TestApi.routing(routing, Optional.empty()));
        transport = HttpAdapter.transport(builder, new TransportSettings(TIMEOUT, TIMEOUT), AccessLogSettings.TEXT,
                UnaryOperator.identity());
        server = builder.build().start();
        port = server.port();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
        transport.close();
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
    void partialHeadersAreClosedAfterTheHeaderTimeout() throws Exception {
        long before = TransportStats.INSTANCE.headerTimeouts();
        try (var c = new RawConnection(port)) {
            long start = System.nanoTime();
            c.send("GET /users HTTP/1.1\r\nHost: x\r\nX-Partial: ");
            assertThat(c.after(WAIT)).isEqualTo(After.CLOSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
        }
        assertThat(TransportStats.INSTANCE.headerTimeouts()).isEqualTo(before + 1);
        assertNoWarnings();
    }

    @Test
    void headersTrickledByteByByteAreClosedAfterTheHeaderTimeoutThoughBytesKeepComing() throws Exception {
        // The slowloris way: a per-read timeout never fires, a deadline for the whole header section does.
        try (var c = new RawConnection(port)) {
            long start = System.nanoTime();
            c.send("GET /users HTTP/1.1\r\nHost: x\r\nX-Slow: ");
            boolean closed = false;
            for (int i = 0; i < 200 && !closed; i++) {
                Thread.sleep(100);
                try {
                    c.send("a");
                } catch (java.io.IOException e) {
                    closed = true;
                }
                if (!closed) {
                    closed = c.after(Duration.ofMillis(1)) == After.CLOSED;
                }
            }
            assertThat(closed).as("closed while bytes kept coming").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        }
    }

    @Test
    void aBodyDeclared100BytesWith25SentIsClosedAfterTheBodyTimeout() throws Exception {
        long before = TransportStats.INSTANCE.bodyTimeouts();
        try (var c = new RawConnection(port)) {
            long start = System.nanoTime();
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nX-Request-Id: rid-slow-body\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n" + "{\"email\":\"a@b.co\",\"name\":\"".substring(0, 25));
            assertThat(c.after(WAIT)).isEqualTo(After.CLOSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.minusMillis(100));
        }
        assertThat(TransportStats.INSTANCE.bodyTimeouts()).isEqualTo(before + 1);
        awaitTrue(() -> access.stream().anyMatch(l -> l.contains("\"POST /users\" 408 ") && l.endsWith("id=rid-slow-body")),
                "an access-log line with 408 in " + access);
        assertNoWarnings();
    }

    @Test
    void anIdleSocketIsClosedAfterTheIdleTimeout() throws Exception {
        try (var c = new RawConnection(port)) {
            assertThat(c.after(WAIT)).isEqualTo(After.CLOSED);
        }
        try (var c = new RawConnection(port)) {
            c.send("GET /users?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            long start = System.nanoTime();
            assertThat(c.after(WAIT)).as("idle after an answer").isEqualTo(After.CLOSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(IDLE.minusSeconds(1));
        }
        assertNoWarnings();
    }

    @Test
    void aPartialRequestLineIsClosedAfterTheIdleTimeout() throws Exception {
        try (var c = new RawConnection(port)) {
            c.send("GET /users?lim");
            assertThat(c.after(WAIT)).isEqualTo(After.CLOSED);
        }
    }

    @Test
    void aClientWithinTheTimeoutsKeepsItsConnectionAcrossRequests() throws Exception {
        try (var c = new RawConnection(port)) {
            for (int i = 0; i < 3; i++) {
                String body = "{\"email\":\"steady" + i + "@example.com\",\"name\":\"Steady\"}";
                // Each pause is shorter than every timeout, their sum longer than each: deadlines are per request.
                c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length() + "\r\n\r\n");
                Thread.sleep(400);
                c.send(body);
                assertThat(c.read().status()).isEqualTo(201);
                Thread.sleep(400);
            }
            c.send("GET /users?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
        }
    }

    /** A connection is watched from its first request until the watchdog finds it closed: none is kept after. */
    @Test
    void aClosedConnectionIsNoLongerWatched() throws Exception {
        var slowClients = (SlowClients) transport;
        var connections = new ArrayList<RawConnection>();
        try {
            for (int i = 0; i < 20; i++) {
                var c = new RawConnection(port);
                connections.add(c);
                c.send("GET /users?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(c.read().status()).isEqualTo(200);
            }
            // Requests answered, the connections idle: each still watched (a next request's headers are timed).
            assertThat(slowClients.watched()).isGreaterThanOrEqualTo(20);
        } finally {
            for (var c : connections) {
                c.close();
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (slowClients.watched() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(slowClients.watched()).isZero();
    }

    /**
     * A body over the limit, sent by a client that writes all of it before it reads (as Java's HttpClient does): the
     * rest of the body is read and dropped after the 413, before the connection closes, so every write lands and the
     * answer is there to read. Closing at once left the body unread: the kernel reset the connection and the
     * client's next write failed with a broken pipe (one request in 15 or so here, in CI under load twice in two).
     */
    @Test
    void aBodyOverTheLimitIsReadToItsEndAfterThe413SoTheClientStillSendingGetsIt() throws Exception {
        long drains = TransportStats.INSTANCE.unreadBodyDrains();
        byte[] chunk = "a".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
        int chunks = 13; // 208 KiB: over the 64 KiB limit, under the 1 MiB the service reads to drop
        try (var c = new RawConnection(port)) {
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + chunk.length * chunks + "\r\n\r\n");
            // The 413 is out by now; a server that closed then would reset the writes below.
            Thread.sleep(200);
            for (int i = 0; i < chunks; i++) {
                c.send(chunk);
                Thread.sleep(5);
            }
            var answer = c.read();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.body()).contains("payload-too-large");
            assertThat(answer.closes()).isTrue();
            assertThat(c.after(WAIT)).isEqualTo(After.CLOSED);
        }
        assertThat(TransportStats.INSTANCE.unreadBodyDrains()).isEqualTo(drains + 1);
        assertNoWarnings();
    }

    @Test
    void aClientThatDeclaresABodyOverTheLimitAndWaitsFor100ContinueGetsThe413AndTheConnectionCloses() throws Exception {
        try (var c = new RawConnection(port)) {
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 200000\r\n\r\n");
            var answer = c.read();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.closes()).isTrue();
            assertThat(c.after(WAIT)).isEqualTo(After.CLOSED);
        }
    }

    /** The drain is a body like any other: one declared and not sent is cut off by the body timeout. */
    @Test
    void aBodyOverTheLimitThatNeverComesIsClosedAfterTheBodyTimeout() throws Exception {
        try (var c = new RawConnection(port)) {
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200000\r\n\r\n");
            assertThat(c.read().status()).as("answered at once").isEqualTo(413);
            long start = System.nanoTime();
            assertThat(c.after(WAIT)).isEqualTo(After.CLOSED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WAIT);
        }
    }

    /** Over what the service reads to drop, the connection layer answers and closes at once, as before. */
    @Test
    void aBodyOverTheDrainLimitIs413AndCloses() throws Exception {
        try (var c = new RawConnection(port)) {
            c.send("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + (HttpAdapter.drainLimit(65_536) + 1) + "\r\n\r\n");
            var answer = c.read();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.closes()).isTrue();
        }
    }

    private void assertNoWarnings() {
        assertThat(all).noneMatch(r -> r.getLevel().intValue() >= Level.WARNING.intValue() || r.getThrown() != null);
    }
}
