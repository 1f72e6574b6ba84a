package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Listings over HTTP: filters, sorts, links, counts; and a fuzz of every query parameter. Over a real
 * socket, so that transport-level refusals (a URI too long) are part of what the fuzz checks.
 */
@ServerTest
class ListingApiTest {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>; rel=\"(\\w+)\"");
    private static boolean seeded;
    private final Http1Client client;

    ListingApiTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        server.directHandlers(HttpAdapter.directHandlers());
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TestApi.routing(routing, Optional.empty());
    }

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        String[] names = {"Anna", "Anne", "Bob", "anna", "Zoë"};
        for (int i = 0; i < 45; i++) {
            String body = "{\"email\":\"l" + i + "@" + (i % 3 == 0 ? "corp.example" : "home.example") + "\",\"name\":\""
                    + names[i % names.length] + " " + i + "\"}";
            var res = client.post("/users").contentType(MediaTypes.APPLICATION_JSON).submit(body, String.class);
            assertThat(res.status()).isEqualTo(Status.CREATED_201);
        }
        seeded = true;
    }

    private JsonNode get(String pathAndQuery) {
        var res = request(pathAndQuery);
        assertThat(res.status()).as(pathAndQuery + " -> " + res.entity()).isEqualTo(Status.OK_200);
        return UsersApiContract.json(res.entity());
    }

    private ClientResponseTyped<String> request(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        var req = client.get(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
        if (q >= 0) {
            Map<String, List<String>> params = new LinkedHashMap<>();
            for (String pair : pathAndQuery.substring(q + 1).split("&")) {
                String[] kv = pair.split("=", 2);
                params.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            params.forEach((k, v) -> req.queryParam(k, v.toArray(String[]::new)));
        }
        return req.request(String.class);
    }

    @Test
    void filtersCombineAndFollowTheirLinks() {
        List<String> seen = new ArrayList<>();
        String next = "/users?limit=4&name_prefix=Ann&email_domain=corp.example";
        int pages = 0;
        while (next != null) {
            var res = request(next);
            assertThat(res.status()).isEqualTo(Status.OK_200);
            JsonNode page = UsersApiContract.json(res.entity());
            page.path("items").forEach(u -> {
                assertThat(u.path("name").asText()).startsWith("Ann");
                assertThat(u.path("email").asText()).endsWith("@corp.example");
                seen.add(u.path("id").asText());
            });
            Map<String, String> links = links(res.headers().first(HeaderNames.create("Link")).orElseThrow());
            assertThat(links.get("first")).isEqualTo("/users?limit=4&name_prefix=Ann&email_domain=corp.example");
            next = links.get("next");
            assertThat(next == null).isEqualTo(!page.path("page_info").path("has_next").asBoolean());
            pages++;
        }
        // Names Anna/Anne are i % 5 in {0, 1}; corp is i % 3 == 0: i in {0, 6, 15, 21, 30, 36} -> 6 users.
        assertThat(seen).hasSize(6).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(2);
    }

    @Test
    void followingPrevGivesExactlyThePreviousPage() {
        List<JsonNode> pages = new ArrayList<>();
        String next = "/users?limit=5&sort=-name";
        while (next != null) {
            var res = request(next);
            pages.add(UsersApiContract.json(res.entity()));
            next = links(res.headers().first(HeaderNames.create("Link")).orElseThrow()).get("next");
        }
        assertThat(pages).hasSizeGreaterThan(3);
        for (int k = pages.size() - 1; k > 0; k--) {
            String prev = pages.get(k).path("page_info").path("prev_cursor").asText();
            JsonNode back = get("/users?limit=5&sort=-name&cursor=" + prev);
            assertThat(back.path("items")).isEqualTo(pages.get(k - 1).path("items"));
            assertThat(back.path("page_info").path("has_prev").asBoolean()).isEqualTo(k - 1 > 0);
        }
    }

    @Test
    void createdBoundsAreExclusiveAndValidated() {
        JsonNode all = get("/users?limit=50&sort=created_at");
        String third = all.path("items").get(2).path("created_at").asText();
        JsonNode after = get("/users?limit=50&created_after=" + third);
        assertThat(after.path("items").get(0).path("created_at").asText()).isGreaterThan(third);
        JsonNode before = get("/users?limit=50&created_before=" + third);
        assertThat(before.path("items")).hasSize(2);
        for (String bad : new String[] {"yesterday", "2026-01-01", "2026-13-01T00:00:00Z", "2026-01-01T00:00:00"}) {
            var res = request("/users?created_after=" + bad);
            UsersApiContract.assertProblem(res, Status.BAD_REQUEST_400, "invalid-parameter");
        }
    }

    @Test
    void offsetPagesCountExactlyEstimateOrNot() {
        JsonNode exact = get("/users?page=1&size=10&email_domain=corp.example");
        assertThat(exact.path("total").asLong()).isEqualTo(15);
        assertThat(exact.path("pages").asLong()).isEqualTo(2);
        assertThat(exact.path("total_is_estimate").asBoolean()).isFalse();
        JsonNode none = get("/users?page=2&size=10&count=none");
        assertThat(none.path("total").isNull()).isTrue();
        assertThat(none.path("pages").isNull()).isTrue();
        assertThat(none.path("items")).hasSize(10);
        // In memory there are no statistics: an estimate falls back to the exact count and says so.
        JsonNode estimated = get("/users?page=1&size=10&count=estimated&email_domain=corp.example");
        assertThat(estimated.path("total").asLong()).isEqualTo(15);
        assertThat(estimated.path("total_is_estimate").asBoolean()).isFalse();
        UsersApiContract.assertProblem(request("/users?count=roughly"), Status.BAD_REQUEST_400, "invalid-parameter");
    }

    @Test
    void lastLoginAtSortsAndIsShown() {
        JsonNode page = get("/users?limit=3&sort=-last_login_at");
        assertThat(page.path("items").get(0).has("last_login_at")).isTrue();
        UsersApiContract.assertProblem(request("/users?sort=password"), Status.BAD_REQUEST_400, "unsupported-sort");
    }

    /** Fuzz: random combinations of every listing parameter with hostile values never give a 5xx. */
    @Test
    void noQueryGivesA5xx() {
        var random = new Random(42);
        String cursor = get("/users?limit=2").path("page_info").path("next_cursor").asText();
        String[] names = {"page", "size", "count", "limit", "cursor", "sort", "name_prefix", "email_domain",
            "created_after", "created_before", "bogus"};
        String[] values = {"", "0", "1", "-1", "20", "100", "101", "9223372036854775807", "9223372036854775808",
            "1e3", "0x10", " 5", "abc", "exact", "estimated", "none", "name", "-name", "created_at,-name", "id,name",
            "last_login_at", "-last_login_at,email", ",", "--x", "%", "_", "\\", "\u0000", "\u202e", "😀".repeat(60),
            "x".repeat(5000), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00+25:00", "+999999999-12-31T23:59:59Z",
            "corp.example", "-bad-.example", cursor, cursor + "x", cursor.substring(1), "a.b", ".", "null"};
        int served = 0;
        for (int i = 0; i < 1500; i++) {
            var req = client.get("/users");
            int n = 1 + random.nextInt(4);
            var used = new StringBuilder();
            for (int j = 0; j < n; j++) {
                String name = names[random.nextInt(names.length)];
                String value = values[random.nextInt(values.length)];
                req.queryParam(name, value);
                used.append(name).append('=').append(value.length() > 40 ? value.substring(0, 40) + "…" : value).append('&');
            }
            var res = req.request(String.class);
            assertThat(res.status().code()).as(used.toString()).isLessThan(500);
            if (res.status().code() >= 400) {
                assertThat(res.headers().contentType().map(t -> t.mediaType().text())).as(used.toString())
                        .contains("application/problem+json");
            } else {
                served++;
            }
        }
        assertThat(served).as("some combinations are valid").isPositive();
    }

    private static Map<String, String> links(String header) {
        Map<String, String> links = new LinkedHashMap<>();
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            links.put(m.group(2), m.group(1));
        }
        return links;
    }
}
