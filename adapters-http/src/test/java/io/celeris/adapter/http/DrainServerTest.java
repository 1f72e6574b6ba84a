package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.adapter.http.RawConnection.After;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an orderly shutdown needs from the HTTP adapter, at the socket: every answer has its access-log line even
 * when Helidon skips the listeners after sending it; once the drain has begun, answers close their connections;
 * and the drain knows when no request is left inside the routing.
 */
class DrainServerTest {

    private final List<String> access = new CopyOnWriteArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord r) {
            access.add(r.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Drain drain = new Drain();
    private WebServer server;

    @BeforeEach
    void listen() {
        Logger.getLogger(AccessLog.LOGGER).addHandler(collector);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(AccessLog.LOGGER).removeHandler(collector);
        if (server != null) {
            server.stop();
        }
    }

    /**
     * A listener registered before the access line's fails after the answer went out: Helidon skips the listeners
     * after it, as it does when the write of an answer reports a failure once its bytes have gone (an interrupt
     * landing inside the write, as at the end of a shutdown's grace period). The client has its answer; so must
     * the access log.
     */
    @Test
    void anAnsweredRequestHasItsLineEvenWhenTheListenersAfterTheAnswerAreSkipped() throws Exception {
        start(routing -> {
            routing.addFilter((chain, req, res) -> {
                res.whenSent(() -> {
                    throw new IllegalStateException("a listener before the access line failed");
                });
                chain.proceed();
            });
            TestApi.routing(routing, AccessLogSettings.TEXT, drain);
        });
        try (var connection = new RawConnection(server.port())) {
            var answer = connection.send(get("/users", "rid-skipped")).read();
            assertThat(answer.status()).isEqualTo(200);
        }
        assertThat(linesOf("rid-skipped", Duration.ofSeconds(5))).singleElement().asString()
                .contains("\"GET /users\" 200 ");
    }

    @Test
    void onceTheDrainHasBegunEveryAnswerClosesItsConnection() throws Exception {
        start(routing -> TestApi.routing(routing, AccessLogSettings.TEXT, drain));
        try (var connection = new RawConnection(server.port())) {
            var before = connection.send(get("/users", "rid-before")).read();
            assertThat(before.closes()).isFalse();

            drain.begin();
            // The same connection, kept alive so far: its next answer is its last.
            var after = connection.send(get("/users", "rid-after")).read();
            assertThat(after.status()).isEqualTo(200);
            assertThat(after.closes()).isTrue();
            assertThat(connection.after(Duration.ofSeconds(5))).isEqualTo(After.CLOSED);
        }
        assertThat(linesOf("rid-after", Duration.ofSeconds(5))).hasSize(1);
    }

    @Test
    void awaitIdleReturnsOnceNoRequestIsInsideTheRoutingAndItsLineIsWritten() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        start(routing -> {
            TestApi.routing(routing, AccessLogSettings.TEXT, drain);
            routing.get("/held", (req, res) -> {
                entered.countDown();
                release.await();
                res.send("done");
            });
        });
        var client = Thread.ofVirtual().start(() -> {
            try (var connection = new RawConnection(server.port())) {
                connection.send(get("/held", "rid-held")).read();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(drain.inFlight()).isEqualTo(1);
        assertThat(drain.awaitIdle(Duration.ofMillis(200))).as("a request is still inside").isFalse();

        release.countDown();
        assertThat(drain.awaitIdle(Duration.ofSeconds(5))).isTrue();
        // No waiting here: a request leaves the routing after its line is written.
        assertThat(access).filteredOn(line -> line.endsWith(" id=rid-held")).hasSize(1);
        client.join();
    }

    private void start(Consumer<HttpRouting.Builder> routing) {
        server = WebServer.builder().host("127.0.0.1").port(0).routing(routing).build().start();
    }

    private static String get(String path, String requestId) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Request-Id: " + requestId + "\r\n\r\n";
    }

    /** The access log's lines of one request: the line is written when the answer has gone, so maybe just after. */
    private List<String> linesOf(String requestId, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<String> found = List.of();
        while (System.nanoTime() < deadline) {
            found = access.stream().filter(line -> line.endsWith(" id=" + requestId)).toList();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(20);
        }
        return found;
    }
}
