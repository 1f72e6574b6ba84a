package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.http.HttpAdapter;
import io.celeris.application.service.UserCaches;
import io.celeris.application.testing.InMemoryUserRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the server agree: every route is documented, every documented route answers, and
 * every answer of the running application (Helidon's observe and OpenAPI routes included) is as documented.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "patch");

    @Test
    void documentAndRoutesAgree() throws Exception {
        var config = Settings.load(Map.of(), Map.of(
                "server.port", "0",
                "database.url", "jdbc:h2:mem:openapi-test;DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "5",
                "celeris.admin.token", "adm",
                "celeris.bench.ceiling-route", "true"));
        try (Celeris app = Celeris.start(config)) {
            String base = "http://127.0.0.1:" + app.port();
            var http = HttpClient.newHttpClient();
            JsonNode doc = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/openapi"))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString()).body());
            Set<String> documented = new TreeSet<>();
            doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    documented.add(m.toUpperCase(Locale.ROOT) + " " + p.getKey());
                }
            }));

            // The routes the HTTP adapter declares, with the app's settings: every optional one on (admin token,
            // ceiling route).
            var settings = Settings.http(config);
            Set<String> routed = new TreeSet<>(HttpAdapter.declaredRoutes(Celeris.usersHttpService(
                    new InMemoryUserRepository(), UserCaches.none(), Settings.paging(config), settings,
                    Clock.systemUTC()), () -> { }, settings));
            assertThat(routed).contains("POST /users", "POST /admin/cache/clear", "GET /bench/ceiling");
            // GET /bench/ceiling is a benchmark switch, not API: it stays out of the document.
            assertThat(doc.path("paths").has("/bench/ceiling")).isFalse();
            routed.removeIf(r -> r.endsWith(" /bench/ceiling"));
            // Helidon's features: observe (health, metrics) and OpenAPI.
            routed.addAll(Set.of("GET /observe/health", "GET /observe/health/live", "GET /observe/health/ready",
                    "GET /observe/metrics", "GET /openapi"));
            assertThat(documented).as("documented vs routed").isEqualTo(routed);

            // Every documented route answers on the running server (not a routing 404/405).
            String id = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/users?limit=1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("items").get(0).path("id").asText();
            for (String route : documented.stream().sorted((a, b) -> a.startsWith("DELETE") ? 1 : b.startsWith("DELETE") ? -1 : a.compareTo(b)).toList()) {
                String method = route.substring(0, route.indexOf(' '));
                String path = route.substring(route.indexOf(' ') + 1).replace("{id}", id);
                String body = switch (method) {
                    case "POST" -> path.equals("/users") ? "{\"email\":\"doc@example.com\",\"name\":\"Doc\"}" : "";
                    case "PUT" -> "{\"email\":\"doc2@example.com\",\"name\":\"Doc\"}";
                    default -> null;
                };
                var req = HttpRequest.newBuilder(URI.create(base + path))
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer adm");
                if (body != null) {
                    req.header("Content-Type", "application/json");
                }
                var res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(route + " -> " + res.body()).isIn(200, 201, 204);
                validate(method, URI.create(base + path).getRawPath(), res);
            }

            // Helidon's own routes in their other forms, and the router's answers: each as the document says.
            for (String[] call : new String[][] {
                {"GET", "/observe/metrics", "application/json", "200"},
                {"GET", "/observe/metrics", "application/openmetrics-text", "200"},
                {"GET", "/observe/metrics", "text/html", "406"},
                {"GET", "/openapi", "application/json", "200"},
                {"GET", "/openapi?format=json", "*/*", "200"},
                {"GET", "/openapi?format=xml", "*/*", "400"},
                {"GET", "/openapi", "text/html", "404"},
                {"GET", "/nothing/here", "*/*", "404"},
                {"PATCH", "/users", "*/*", "405"},
                {"POST", "/observe/health", "*/*", "404"}}) {
                var res = http.send(HttpRequest.newBuilder(URI.create(base + call[1])).header("Accept", call[2])
                        .method(call[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(String.join(" ", call) + " -> " + res.body())
                        .isEqualTo(Integer.parseInt(call[3]));
                validate(call[0], URI.create(base + call[1]).getRawPath(), res);
            }
        }
    }

    private static void validate(String method, String path, HttpResponse<String> res) {
        OpenApiContract.get().assertValid(method, path, res.statusCode(), res.headers().map(),
                res.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

}
