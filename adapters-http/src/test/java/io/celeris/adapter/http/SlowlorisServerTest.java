package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.adapter.http.RawConnection.After;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 500 slowloris connections (a request line, then a header line every few seconds, never the end of the
 * headers) held open while a normal client keeps getting answers, and the connection cap: past it, a new
 * connection waits until one closes. The normal client's latency with and without them is printed (a line
 * starting {@code SLOWLORIS}, recorded in bench/RESULTS.md); the assertions are functional: every answer
 * arrives, every slowloris connection is still open at the end, the cap holds.
 */
class SlowlorisServerTest {

    private static final int SLOWLORIS = 500;
    private static final int REQUESTS = 500;
    /** 500 slowloris + the normal client + one spare: the next connection is over the cap. */
    private static final int CAP = SLOWLORIS + 2;
    private static AutoCloseable transport;
    private static WebServer server;

    @BeforeAll
    static void start() {
        // Timeouts longer than the test: the point here is holding them while others are served (SlowClientsServerTest
        // shows that they are closed).
        var builder = WebServer.builder().host("127.0.0.1").port(0).maxTcpConnections(CAP)
                .idleConnectionTimeout(Duration.ofMinutes(5))
                .routing(routing -> TestApi.routing(routing, Optional.empty(), AccessLogSettings.OFF));
        transport = HttpAdapter.transport(builder, new TransportSettings(Duration.ofMinutes(5), Duration.ofMinutes(5)),
                AccessLogSettings.OFF, UnaryOperator.identity());
        server = builder.build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        transport.close();
    }

    @Test
    void aNormalClientKeepsGettingAnswersWhile500SlowlorisConnectionsAreHeldAndTheCapHolds() throws Exception {
        int port = server.port();
        List<RawConnection> slow = new ArrayList<>();
        try (var normal = new RawConnection(port)) {
            measure(normal, 200);
            long[] without = measure(normal, REQUESTS);

            for (int i = 0; i < SLOWLORIS; i++) {
                slow.add(new RawConnection(port).send("GET /users HTTP/1.1\r\nHost: x\r\nX-Loris-0: a\r\n"));
            }
            var trickle = Thread.ofPlatform().daemon().start(() -> {
                for (int round = 1; !Thread.currentThread().isInterrupted(); round++) {
                    for (RawConnection c : slow) {
                        try {
                            c.send("X-Loris-" + round + ": a\r\n");
                        } catch (IOException e) {
                            // Checked below: every connection must still be open.
                        }
                    }
                    try {
                        Thread.sleep(2_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long[] with = measure(normal, REQUESTS);
            trickle.interrupt();
            trickle.join();

            System.out.printf("SLOWLORIS normal client, %d sequential GET /users?limit=5 on one keep-alive connection:"
                    + " without slowloris p50 %.3f ms, p99 %.3f ms, max %.3f ms; with %d slowloris connections held"
                    + " p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", REQUESTS, ms(without, 50), ms(without, 99),
                    ms(without, 100), SLOWLORIS, ms(with, 50), ms(with, 99), ms(with, 100));
            for (RawConnection c : slow) {
                assertThat(c.after(Duration.ofMillis(1))).isEqualTo(After.OPEN);
            }
            // Generous: "keeps getting answers", not a benchmark.
            assertThat(ms(with, 99)).isLessThan(2_000);

            try (var spare = new RawConnection(port); var over = new RawConnection(port)) {
                spare.send("GET /users?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(spare.read().status()).isEqualTo(200);
                over.send("GET /users?limit=1 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(over.after(Duration.ofSeconds(1))).as("over the cap: not served yet").isEqualTo(After.OPEN);
                slow.removeFirst().close();
                assertThat(over.read().status()).as("served once a connection closed").isEqualTo(200);
            }
        } finally {
            for (RawConnection c : slow) {
                c.close();
            }
        }
    }

    private static long[] measure(RawConnection c, int n) throws IOException {
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            c.send("GET /users?limit=5 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(c.read().status()).isEqualTo(200);
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double ms(long[] sorted, int percentile) {
        int i = Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }
}
