package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;
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

    /** A write token ({@code ci}) and an admin token ({@code ops}). */
    private static WebServer guarded;
    /** Only an admin token, and every client is remote (once the owner is created): writes are 403. */
    private static WebServer remote;
    private static final AtomicBoolean REMOTE_IS_LOCAL = new AtomicBoolean(true);

    @BeforeAll
    static void start() {
        // Not @ServerTest: Helidon's extension does not run dynamic tests.
        guarded = start(routing -> TestApi.routing(routing, Optional.of(TestApi.TOKEN)));
        remote = start(routing -> TestApi.routing(routing, new ApiTokens(List.of(TestApi.OPS)),
                peer -> REMOTE_IS_LOCAL.get(), AccessLogSettings.TEXT));
    }

    private static WebServer start(Consumer<HttpRouting.Builder> routing) {
        return WebServer.builder().host("127.0.0.1").port(0).directHandlers(HttpAdapter.directHandlers())
                .routing(routing::accept).build().start();
    }

    @AfterAll
    static void stop() {
        Stream.of(guarded, remote).filter(Objects::nonNull).forEach(WebServer::stop);
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
        return refusals(guarded.port(), null, null, Set.of(401, 404, 405));
    }

    @TestFactory
    List<DynamicTest> noWriteOrAdminRouteRunsWithATokenOfAnotherScope() throws Exception {
        return refusals(guarded.port(), "Bearer " + TestApi.ADMIN_TOKEN, "Bearer " + TestApi.TOKEN, Set.of(403, 404, 405));
    }

    @TestFactory
    List<DynamicTest> withoutAWriteTokenNoWriteRunsForARemoteClient() throws Exception {
        REMOTE_IS_LOCAL.set(true);
        var tests = refusals(remote.port(), null, null, Set.of(401, 403, 404, 405));
        REMOTE_IS_LOCAL.set(false);
        return tests;
    }

    /**
     * @param writeAuth what to send on the write routes (null: nothing)
     * @param adminAuth what to send on the admin route
     * @param expected  the refusals this scenario may give (400 for a target Helidon rejects is always fine)
     */
    List<DynamicTest> refusals(int port, String writeAuth, String adminAuth, Set<Integer> expected) throws Exception {
        var created = RawHttp.send(port, "POST", "/users", "Bearer " + TestApi.TOKEN,
                "{\"email\":\"owner-" + System.nanoTime() + "@example.com\",\"name\":\"Owner\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = UsersApiContract.json(created.body()).path("id").asText();

        var tests = new ArrayList<DynamicTest>();
        for (String path : collectionVariants()) {
            tests.add(refused(port, "POST", path, writeAuth, BODY, expected));
        }
        for (String path : itemVariants(id)) {
            tests.add(refused(port, "PUT", path, writeAuth, BODY, expected));
            tests.add(refused(port, "DELETE", path, writeAuth, null, expected));
        }
        for (String path : adminVariants()) {
            tests.add(refused(port, "POST", path, adminAuth, null, expected));
        }
        tests.add(DynamicTest.dynamicTest("the data is untouched", () -> {
            JsonNode page = UsersApiContract.json(RawHttp.send(port, "GET", "/users?limit=50", null, null).body());
            assertThat(page.path("items").size()).as("users: only the one created with the token").isEqualTo(1);
            JsonNode user = UsersApiContract.json(RawHttp.send(port, "GET", "/users/" + id, null, null).body());
            assertThat(user.path("version").asLong()).isEqualTo(1);
            assertThat(user.path("name").asText()).isEqualTo("Owner");
            if (port == guarded.port()) {
                // For the next scenario on the same server.
                assertThat(RawHttp.send(port, "DELETE", "/users/" + id, "Bearer " + TestApi.TOKEN, null).status())
                        .isEqualTo(204);
            }
        }));
        return tests;
    }

    private static DynamicTest refused(int port, String method, String path, String authorization, String body,
                                       Set<Integer> expected) {
        return DynamicTest.dynamicTest(method + " " + path, () -> {
            var res = RawHttp.send(port, method, path, authorization, body);
            assertThat(res.status()).as(res.toString()).isIn(Stream.concat(Stream.of(400), expected.stream()).toList());
            assertThat(res.isProblemJson()).as(res.headers()).isTrue();
            assertThat(res.body()).doesNotContain("Exception");
        });
    }
}
