package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.persistence.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real server, wired by {@link Celeris}, on real PostgreSQL, driven over HTTP. */
class CelerisSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Celeris app;
    private static String base;

    @BeforeAll
    static void start() {
        var pg = PostgresTestDatabase.get();
        app = Celeris.start(Settings.load(Map.of(), Map.of(
                "server.port", "0",
                "database.url", pg.url(),
                "database.user", pg.user(),
                "database.password", pg.password(),
                "database.pool.minimum-idle", "2",
                "celeris.api.token", "system-test-token")));
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        return JsonRequests.send(HTTP, base, method, path, body, headers);
    }

    @Test
    void aUserLivesItsWholeLifeOnPostgres() throws Exception {
        String auth = "Bearer system-test-token";
        var denied = send("POST", "/users", "{\"email\":\"life@example.com\",\"name\":\"Life\"}");
        assertThat(denied.statusCode()).isEqualTo(401);

        var created = send("POST", "/users", "{\"email\":\"life@example.com\",\"name\":\"Life\"}", "Authorization", auth);
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();

        var read = send("GET", location, null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("Cache-Status")).contains("celeris; fwd=miss; stored");
        assertThat(send("GET", location, null).headers().firstValue("Cache-Status")).contains("celeris-l1; hit");

        var updated = send("PUT", location, "{\"email\":\"life2@example.com\",\"name\":\"Life Two\"}",
                "Authorization", auth, "If-Match", "\"1\"");
        assertThat(updated.statusCode()).isEqualTo(200);
        var reread = send("GET", location, null);
        assertThat(JSON.readTree(reread.body()).path("name").asText()).isEqualTo("Life Two");
        assertThat(reread.headers().firstValue("ETag")).contains("\"2\"");

        var conflict = send("POST", "/users", "{\"email\":\"LIFE2@example.com\",\"name\":\"Twin\"}", "Authorization", auth);
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).contains("application/problem+json");

        assertThat(send("DELETE", location, null, "Authorization", auth, "If-Match", "\"1\"").statusCode()).isEqualTo(412);
        assertThat(send("DELETE", location, null, "Authorization", auth).statusCode()).isEqualTo(204);
        assertThat(send("GET", location, null).statusCode()).isEqualTo(404);
        assertThat(send("POST", "/admin/cache/clear", null, "Authorization", auth).statusCode())
                .as("admin routes are off without an admin token").isEqualTo(404);

        String metrics = send("GET", "/observe/metrics", null).body();
        var acquired = java.util.regex.Pattern.compile("celeris_db_pool_acquired\\{[^}]*} ([0-9.E]+)").matcher(metrics);
        assertThat(acquired.find()).as(metrics).isTrue();
        assertThat(Double.parseDouble(acquired.group(1))).as("connections borrowed").isPositive();
        assertThat(metrics).contains("celeris_db_pool_timeouts", "celeris_db_pool_usage_seconds",
                "celeris_cache_l1_hits", "celeris_cache_pages_l1_hits");
    }

    @Test
    void listsPageByOffsetAndByCursorOnPostgres() throws Exception {
        for (int i = 0; i < 12; i++) {
            var r = send("POST", "/users", "{\"email\":\"list" + i + "@example.com\",\"name\":\"List " + i % 3 + "\"}",
                    "Authorization", "Bearer system-test-token");
            assertThat(r.statusCode()).isEqualTo(201);
        }
        JsonNode offset = JSON.readTree(send("GET", "/users?page=1&size=5", null).body());
        long total = offset.path("total").asLong();
        assertThat(offset.path("total_is_estimate").asBoolean()).isFalse();
        JsonNode estimated = JSON.readTree(send("GET", "/users?page=1&size=5&count=estimated", null).body());
        assertThat(estimated.path("total_is_estimate").asBoolean()).as("PostgreSQL has planner statistics").isTrue();
        assertThat(estimated.path("total").asLong()).isNotNegative();
        assertThat(total).isGreaterThanOrEqualTo(12);
        assertThat(offset.path("items")).hasSize(5);

        for (String sort : new String[] {"created_at", "-name", "email"}) {
            Set<String> seen = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                String path = "/users?limit=5&sort=" + sort + (cursor == null ? "" : "&cursor=" + cursor);
                var res = send("GET", path, null);
                assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
                JsonNode page = JSON.readTree(res.body());
                page.path("items").forEach(u -> assertThat(seen.add(u.path("id").asText())).isTrue());
                JsonNode info = page.path("page_info");
                cursor = info.path("next_cursor").isNull() ? null : info.path("next_cursor").asText();
                pages++;
            } while (cursor != null && pages < 1000);
            assertThat((long) seen.size()).as(sort).isEqualTo(total);
        }
    }

    @Test
    void theEmbeddedDefaultsServeDemoUsers() throws Exception {
        try (Celeris embedded = Celeris.start(Settings.load(Map.of(), Map.of(
                "server.port", "0",
                "database.url", "jdbc:h2:mem:system-demo;DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "300")))) {
            var res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + embedded.port() + "/users?limit=5")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode page = JSON.readTree(res.body());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(page.path("items")).hasSize(5);
            assertThat(page.path("page_info").path("next_cursor").asText()).isNotBlank();
            assertThat(page.path("page_info").path("has_next").asBoolean()).isTrue();
            assertThat(page.path("page_info").path("has_prev").asBoolean()).isFalse();
            var counted = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + embedded.port() + "/users?page=1&size=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(JSON.readTree(counted.body()).path("total").asLong()).isEqualTo(300);
        }
    }
}
