package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.persistence.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The unfiltered exact total is the database's kept count, read per request: once a write has returned on
 * one instance, the very next page on the other shows the new total, with no wait and no shared cache.
 *
 * <p>Two instances on one PostgreSQL, without Redis on purpose: then nothing tells B that A wrote, so a total
 * B cached (as it did for {@code count-cache-ttl}) would stay old. A long TTL makes such a cache visible.
 */
class CrossInstanceTotalSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String FIRST_PAGE = "/users?page=1&size=5&sort=name&count=exact";
    private static Celeris a;
    private static Celeris b;

    @BeforeAll
    static void start() {
        var pg = PostgresTestDatabase.get();
        Map<String, String> shared = Map.of(
                "server.port", "0",
                "database.url", pg.url(),
                "database.user", pg.user(),
                "database.password", pg.password(),
                "database.pool.minimum-idle", "2",
                "celeris.paging.count-cache-ttl", "PT10M",
                "celeris.access-log.enabled", "false");
        a = Celeris.start(Settings.load(Map.of(), shared));
        b = Celeris.start(Settings.load(Map.of(), shared));
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private static HttpResponse<String> send(Celeris app, String method, String path, String body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long total(Celeris app, String path) throws Exception {
        var page = send(app, "GET", path, null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return JSON.readTree(page.body()).path("total").asLong(-1);
    }

    @Test
    void theNextPageOnEitherInstanceShowsTheTotalOfEveryReturnedWrite() throws Exception {
        long before = total(b, FIRST_PAGE);
        assertThat(total(b, FIRST_PAGE)).isEqualTo(before); // and again: a cache would now hold it
        assertThat(total(a, FIRST_PAGE)).isEqualTo(before);
        String[] locations = new String[3];
        for (int i = 0; i < locations.length; i++) {
            String email = "total-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            var created = send(i % 2 == 0 ? a : b, "POST", "/users", "{\"email\":\"" + email + "\",\"name\":\"T\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            locations[i] = created.headers().firstValue("Location").orElseThrow();
            assertThat(total(b, FIRST_PAGE)).as("B after create %d", i + 1).isEqualTo(before + i + 1);
            assertThat(total(a, FIRST_PAGE)).as("A after create %d", i + 1).isEqualTo(before + i + 1);
            assertThat(total(b, "/users?page=2&size=5&sort=name")).as("count=exact is the default").isEqualTo(before + i + 1);
        }
        for (int i = 0; i < locations.length; i++) {
            var deleted = send(i % 2 == 0 ? b : a, "DELETE", locations[i], null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            long expected = before + locations.length - i - 1;
            assertThat(total(a, FIRST_PAGE)).as("A after delete %d", i + 1).isEqualTo(expected);
            assertThat(total(b, FIRST_PAGE)).as("B after delete %d", i + 1).isEqualTo(expected);
        }
    }
}
