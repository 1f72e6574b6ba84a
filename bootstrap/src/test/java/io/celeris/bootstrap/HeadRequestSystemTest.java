package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 row 7: {@code HEAD} on a GET route was a 405 with a body, which a client reads as the start of
 * the next response. HEAD is now GET without the body: same status and headers, the GET's
 * {@code Content-Length}, nothing after the headers, and the connection goes on. Over a raw socket on the
 * wired server (H2), since only the bytes on the connection show the framing.
 */
class HeadRequestSystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static Celeris app;

    @BeforeAll
    static void start() {
        app = Celeris.start(Settings.load(Map.of(), Map.of(
                "server.port", "0",
                "database.url", "jdbc:h2:mem:head-test;DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "30",
                "celeris.bench.ceiling-route", "true")));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static String request(String method, String target) {
        return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
    }

    @Test
    void headIsGetWithoutTheBodyAndTheConnectionStaysFramed() throws Exception {
        try (var http = new RawHttp(app.port(), TIMEOUT)) {
            for (String target : List.of("/users?limit=1", "/users?page=1&size=2", "/bench/ceiling", "/users?limit=0",
                    "/users?created_after=%2B294277-01-01T00:00:00Z", "/users/not-an-id", "/nothing/here")) {
                http.send(request("HEAD", target));
                var head = http.read(true);
                // The next request on the same connection: a body after HEAD's headers would be read as its status line.
                http.send(request("GET", target));
                var get = http.read(false);
                assertThat(head.status()).as(target).isEqualTo(get.status());
                assertThat(head.header("content-type")).as(target).isEqualTo(get.header("content-type"));
                assertThat(head.header("content-length")).as(target).contains(Integer.toString(get.body().length));
                assertThat(head.header("link")).as(target).isEqualTo(get.header("link"));
                assertThat(head.header("x-request-id")).as(target).isPresent();
                assertThat(get.body()).as(target).isNotEmpty();
            }
            // Nothing was left on the connection after the last response.
            assertThat(http.closedByServer(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void headOfOneUserCarriesItsETagAndConditionalHeadIs304() throws Exception {
        try (var http = new RawHttp(app.port(), TIMEOUT)) {
            http.send(request("GET", "/users?limit=1"));
            String id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.read(false).body())
                    .path("items").get(0).path("id").asText();
            http.send(request("GET", "/users/" + id));
            var get = http.read(false);
            http.send(request("HEAD", "/users/" + id));
            var head = http.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("etag")).isPresent().isEqualTo(get.header("etag"));
            assertThat(head.header("cache-control")).isEqualTo(get.header("cache-control"));
            assertThat(head.header("content-length")).contains(Integer.toString(get.body().length));
            http.send("HEAD /users/" + id + " HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: " + get.header("etag").get()
                    + "\r\n\r\n");
            assertThat(http.read(true).status()).isEqualTo(304);
            http.send(request("GET", "/users/" + id));
            assertThat(http.read(false).status()).isEqualTo(200);
        }
    }

    /** Pipelined: HEAD and GET in one write; the GET's answer must start right where HEAD's headers end. */
    @Test
    void pipelinedHeadThenGetAreTwoWellFramedAnswers() throws Exception {
        try (var http = new RawHttp(app.port(), TIMEOUT)) {
            http.send(request("HEAD", "/users?limit=2") + request("HEAD", "/users?limit=0")
                    + request("GET", "/users?limit=2"));
            var head = http.read(true);
            var headOfError = http.read(true);
            var get = http.read(false);
            assertThat(head.status()).isEqualTo(200);
            assertThat(headOfError.status()).isEqualTo(400);
            assertThat(headOfError.header("content-type")).contains("application/problem+json");
            assertThat(get.status()).isEqualTo(200);
            assertThat(head.header("content-length")).contains(Integer.toString(get.body().length));
            // Nothing stray after the GET's body (closedByServer throws on bytes), and the connection is still open.
            assertThat(http.closedByServer(Duration.ofMillis(300))).isFalse();
        }
    }

    @Test
    void optionsAndWrongMethodsNameHead() throws Exception {
        try (var http = new RawHttp(app.port(), TIMEOUT)) {
            http.send(request("OPTIONS", "/users"));
            var options = http.read(false);
            assertThat(options.status()).isEqualTo(204);
            assertThat(options.header("allow")).contains("GET, HEAD, POST, OPTIONS");
            http.send(request("PATCH", "/users"));
            var patch = http.read(false);
            assertThat(patch.status()).isEqualTo(405);
            assertThat(patch.header("allow")).contains("GET, HEAD, POST");
        }
    }
}
