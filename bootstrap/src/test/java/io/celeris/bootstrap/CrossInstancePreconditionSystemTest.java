package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.persistence.PostgresTestDatabase;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * If-Match is decided against the stored row, not against an instance's cached copy: two instances
 * share PostgreSQL, B's in-process cache holds an old version, and B still honours {@code If-Match: *}
 * and a list of tags that names the stored version, while a truly stale tag gets 412 with the stored
 * version.
 *
 * <p>The instances run without Redis on purpose: then nothing ever tells B that A wrote, so B's L1 stays
 * stale for its whole TTL (minutes), deterministically, with no timing to arrange. It is the plainest of
 * the cases where L1 lags (no Redis; Redis degraded; an invalidation still in flight), and the decision
 * must not depend on which one it is.
 */
class CrossInstancePreconditionSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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

    private static HttpResponse<String> send(Celeris app, String method, String path, String body, String... headers)
            throws Exception {
        return JsonRequests.send(HTTP, "http://127.0.0.1:" + app.port(), method, path, body, headers);
    }

    /** A writes the user; B's L1 still answers the version it cached before. */
    private static void staleOnB(String location, String email, long cachedOnB) throws Exception {
        var put = send(a, "PUT", location, "{\"email\":\"" + email + "\",\"name\":\"by A\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.headers().firstValue("ETag")).contains("\"" + (cachedOnB + 1) + "\"");
        var onB = send(b, "GET", location, null);
        assertThat(onB.headers().firstValue("Cache-Status")).contains("celeris-l1; hit");
        assertThat(onB.headers().firstValue("ETag")).as("B's L1 is stale").contains("\"" + cachedOnB + "\"");
    }

    @Test
    void ifMatchOnAnInstanceWithAStaleCacheIsDecidedAgainstTheDatabase() throws Exception {
        String email = "pre-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String body = "{\"email\":\"" + email + "\",\"name\":\"by B\"}";
        var created = send(a, "POST", "/users", "{\"email\":\"" + email + "\",\"name\":\"V1\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();

        send(b, "GET", location, null); // B caches version 1
        staleOnB(location, email, 1); // stored: 2
        var any = send(b, "PUT", location, body, "If-Match", "*");
        assertThat(any.statusCode()).as(any.body()).isEqualTo(200);
        assertThat(any.headers().firstValue("ETag")).contains("\"3\"");

        send(b, "GET", location, null); // B caches version 3
        staleOnB(location, email, 3); // stored: 4
        var list = send(b, "PUT", location, body, "If-Match", "\"3\", \"4\"");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.headers().firstValue("ETag")).contains("\"5\"");

        send(b, "GET", location, null); // B caches version 5
        staleOnB(location, email, 5); // stored: 6
        var stale = send(b, "PUT", location, body, "If-Match", "\"5\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(stale.body()).path("detail").asText())
                .as("the version in the 412 is the database's, not B's cached one").contains("version 6");
        var staleDelete = send(b, "DELETE", location, null, "If-Match", "\"5\", \"1\"");
        assertThat(staleDelete.statusCode()).isEqualTo(412);

        var delete = send(b, "DELETE", location, null, "If-Match", "*");
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(send(a, "GET", location, null).statusCode()).isEqualTo(404);
    }
}
