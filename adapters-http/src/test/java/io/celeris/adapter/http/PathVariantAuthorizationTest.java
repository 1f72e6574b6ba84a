package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every write and admin route, reached by spellings of its path that a client does not normalise
 * (sent as raw bytes, as {@code curl --path-as-is} would) and without a token: never a 2xx, always a
 * problem+json refusal, and the data is untouched. Authorization must follow the route Helidon runs,
 * not a prefix of the raw path ({@code POST /admin/../users} once created users with no token).
 */
class PathVariantAuthorizationTest {

    private static final String BODY = "{\"email\":\"variant@example.com\",\"name\":\"Variant\"}";
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 403, 404, 405);

    private static WebServer server;
    private static int port;

    @BeforeAll
    static void start() {
        // Not @ServerTest: Helidon's extension does not run dynamic tests.
        server = WebServer.builder().host("127.0.0.1").port(0).directHandlers(HttpAdapter.directHandlers())
                .routing(routing -> TestApi.routing(routing, Optional.of(TestApi.TOKEN)))
                .build().start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Spellings of {@code /users}. */
    static List<String> collectionVariants() {
        return List.of("/users", "/admin/../users", "/admin/%2e%2e/users", "/admin/%2E%2E/users", "/admin/..%2fusers",
                "/admin/..%2Fusers", "//users", "/./users", "/users;x=y", "/users/", "/USERS", "/Users", "/users/.",
                "/admin/x/../../users");
    }

    /** Spellings of {@code /users/{id}}. */
    static List<String> itemVariants(String id) {
        return List.of("/users/" + id, "/admin/../users/" + id, "/admin/%2e%2e/users/" + id,
                "/admin/..%2fusers/" + id, "//users/" + id, "/./users/" + id, "/users/./" + id, "/users%2F" + id,
                "/users%2f" + id, "/users;x=y/" + id, "/users/" + id + ";x=y", "/users/" + id + "/", "/USERS/" + id,
                "/users//" + id, "/users/" + id.toUpperCase(java.util.Locale.ROOT));
    }

    /** Spellings of {@code /admin/cache/clear}. */
    static List<String> adminVariants() {
        return List.of("/admin/cache/clear", "/users/../admin/cache/clear", "/admin/./cache/clear", "//admin/cache/clear",
                "/admin//cache/clear", "/admin/cache/clear/", "/ADMIN/cache/clear", "/admin/CACHE/clear",
                "/admin%2Fcache%2Fclear", "/admin;x=y/cache/clear", "/admin/cache/clear;x=y", "/admin/%2e/cache/clear",
                "/admin/x/../cache/clear");
    }

    @TestFactory
    List<DynamicTest> noWriteOrAdminRouteRunsWithoutAToken() throws Exception {
        return refusals(null);
    }

    List<DynamicTest> refusals(String authorization) throws Exception {
        var created = RawHttp.send(port, "POST", "/users", "Bearer " + TestApi.TOKEN,
                "{\"email\":\"owner-" + System.nanoTime() + "@example.com\",\"name\":\"Owner\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = UsersApiContract.json(created.body()).path("id").asText();

        var tests = new ArrayList<DynamicTest>();
        for (String path : collectionVariants()) {
            tests.add(refused("POST", path, authorization, BODY));
        }
        for (String path : itemVariants(id)) {
            tests.add(refused("PUT", path, authorization, BODY));
            tests.add(refused("DELETE", path, authorization, null));
        }
        for (String path : adminVariants()) {
            tests.add(refused("POST", path, authorization, null));
        }
        tests.add(DynamicTest.dynamicTest("the data is untouched", () -> {
            JsonNode page = UsersApiContract.json(RawHttp.send(port, "GET", "/users?limit=50", null, null).body());
            assertThat(page.path("items").size()).as("users: only the one created with the token").isEqualTo(1);
            JsonNode user = UsersApiContract.json(RawHttp.send(port, "GET", "/users/" + id, null, null).body());
            assertThat(user.path("version").asLong()).isEqualTo(1);
            assertThat(user.path("name").asText()).isEqualTo("Owner");
            // For the next scenario of the same server.
            assertThat(RawHttp.send(port, "DELETE", "/users/" + id, "Bearer " + TestApi.TOKEN, null).status()).isEqualTo(204);
        }));
        return tests;
    }

    private DynamicTest refused(String method, String path, String authorization, String body) {
        return DynamicTest.dynamicTest(method + " " + path, () -> {
            var res = RawHttp.send(port, method, path, authorization, body);
            assertThat(res.status()).as(res.toString()).isIn(REFUSALS);
            assertThat(res.isProblemJson()).as(res.headers()).isTrue();
            assertThat(res.body()).doesNotContain("Exception");
        });
    }
}
