package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@ServerTest
class RequestContextTest {

    private final Http1Client client;
    private final List<LogRecord> access = new CopyOnWriteArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord r) {
            access.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    RequestContextTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TestApi.routing(routing, Optional.empty(), new AccessLogSettings(true, true));
    }

    @BeforeEach
    void listen() {
        Logger.getLogger(RequestContextFilter.ACCESS_LOGGER).addHandler(collector);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(RequestContextFilter.ACCESS_LOGGER).removeHandler(collector);
    }

    @Test
    void everyResponseCarriesARequestId() {
        var fresh = client.get("/users").request(String.class);
        assertThat(fresh.headers().first(RequestContextFilter.REQUEST_ID)).hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{32}"));
        var echoed = client.get("/users").header(RequestContextFilter.REQUEST_ID, "client-req.42").request(String.class);
        assertThat(echoed.headers().first(RequestContextFilter.REQUEST_ID)).contains("client-req.42");
        var hostile = client.get("/users").header(RequestContextFilter.REQUEST_ID, "bad id\"with spaces").request(String.class);
        assertThat(hostile.headers().first(RequestContextFilter.REQUEST_ID).orElseThrow()).matches("[0-9a-f]{32}");
    }

    @Test
    void oneJsonAccessLineForEveryRequestErrorsIncluded() throws Exception {
        var ok = client.post("/users").contentType(MediaTypes.APPLICATION_JSON)
                .header(RequestContextFilter.REQUEST_ID, "rid-create")
                .submit("{\"email\":\"ctx@example.com\",\"name\":\"Ctx\"}", String.class);
        assertThat(ok.status()).isEqualTo(Status.CREATED_201);
        var bad = client.get("/users").queryParam("limit", "0").header(RequestContextFilter.REQUEST_ID, "rid-bad")
                .request(String.class);
        assertThat(bad.status()).isEqualTo(Status.BAD_REQUEST_400);
        var missing = client.get("/nowhere").header(RequestContextFilter.REQUEST_ID, "rid-404").request(String.class);
        assertThat(missing.status()).isEqualTo(Status.NOT_FOUND_404);

        for (int i = 0; i < 50 && access.size() < 3; i++) {
            Thread.sleep(20);
        }
        var lines = access.stream().map(LogRecord::getMessage).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"method\":\"POST\"", "\"path\":\"/users\"", "\"status\":201", "\"request_id\":\"rid-create\"")
                .containsPattern("\"bytes\":[1-9][0-9]*").containsPattern("\"duration_ms\":[0-9.]+");
        assertThat(lines.get(1)).contains("\"status\":400", "\"query\":\"limit=0\"", "\"request_id\":\"rid-bad\"");
        assertThat(lines.get(2)).contains("\"status\":404", "\"request_id\":\"rid-404\"");
        for (String line : lines) {
            UsersApiContract.json(line); // each line is one valid JSON object
        }
    }

    @Test
    void theAccessLineNamesTheCacheStatusTheAnswerCarried() throws Exception {
        var created = client.post("/users").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"email\":\"ctx-cache@example.com\",\"name\":\"Ctx\"}", String.class);
        assertThat(created.status()).isEqualTo(Status.CREATED_201);
        String location = created.headers().first(HeaderNames.LOCATION).orElseThrow();
        var statuses = new ArrayList<String>();
        for (int i = 0; i < 2; i++) {
            var read = client.get(location).request(String.class);
            assertThat(read.status()).isEqualTo(Status.OK_200);
            statuses.add(read.headers().first(CacheStatus.HEADER).orElseThrow());
        }
        for (int i = 0; i < 50 && access.size() < 3; i++) {
            Thread.sleep(20);
        }
        var lines = access.stream().map(LogRecord::getMessage).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("\"status\":201", "\"cache\":null");
        assertThat(statuses.get(1)).contains("hit");
        for (int i = 0; i < 2; i++) {
            assertThat(lines.get(i + 1)).contains("\"status\":200", "\"cache\":\"" + statuses.get(i) + "\"");
        }
    }
}
