package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The oracle itself: it passes what the document describes and catches what it does not. */
class OpenApiContractTest {

    private static final String ID = "0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f";
    private static final String USER = "{\"id\":\"" + ID + "\",\"email\":\"a@example.com\",\"name\":\"A\","
            + "\"created_at\":\"2026-01-31T12:00:00Z\",\"updated_at\":\"2026-01-31T12:00:00Z\",\"version\":1,"
            + "\"last_login_at\":null}";
    private static final String CURSOR_PAGE = "{\"items\":[" + USER + "],\"page_info\":{\"next_cursor\":null,"
            + "\"prev_cursor\":null,\"has_next\":false,\"has_prev\":false}}";
    private static final String OFFSET_PAGE = "{\"items\":[],\"page\":1,\"size\":20,\"total\":0,\"pages\":0,"
            + "\"total_is_estimate\":false}";

    private final OpenApiContract contract = OpenApiContract.get();

    @Test
    void documentedResponsesPass() {
        assertThat(problems("GET", "/users/" + ID, 200, userHeaders(), USER)).isEmpty();
        assertThat(problems("GET", "/users", 200, json(), CURSOR_PAGE)).isEmpty();
        assertThat(problems("GET", "/users", 200, json(), OFFSET_PAGE)).isEmpty();
        assertThat(problems("GET", "/users", 400, problemJson(), problem("invalid-cursor", 400))).isEmpty();
        assertThat(problems("PATCH", "/users", 405, allow(problemJson()), problem("method-not-allowed", 405))).isEmpty();
        assertThat(problems("GET", "/nothing", 404, problemJson(), problem("not-found", 404))).isEmpty();
    }

    @Test
    void anUndocumentedFieldFails() {
        assertThat(problems("GET", "/users/" + ID, 200, userHeaders(), USER.replace("}", ",\"role\":\"admin\"}")))
                .singleElement().asString().contains("role");
        assertThat(problems("GET", "/users/" + ID, 404, problemJson(),
                problem("not-found", 404).replace("}", ",\"stack\":\"at X\"}"))).isNotEmpty();
    }

    @Test
    void anUndocumentedStatusFails() {
        assertThat(problems("GET", "/users/" + ID, 418, problemJson(), problem("teapot", 418))).isNotEmpty();
        assertThat(problems("GET", "/nothing", 200, json(), "{}")).isNotEmpty();
    }

    @Test
    void aMissingDocumentedHeaderFails() {
        var noEtag = userHeaders();
        noEtag.remove("ETag");
        assertThat(problems("GET", "/users/" + ID, 200, noEtag, USER)).singleElement().asString().contains("ETag");
        var noRequestId = userHeaders();
        noRequestId.remove("X-Request-Id");
        assertThat(problems("GET", "/users/" + ID, 200, noRequestId, USER)).singleElement().asString()
                .contains("X-Request-Id");
    }

    @Test
    void aListingMustBeExactlyOneShape() {
        String both = OFFSET_PAGE.replace("}", ",\"page_info\":{\"next_cursor\":null,\"prev_cursor\":null,"
                + "\"has_next\":false,\"has_prev\":false}}");
        assertThat(problems("GET", "/users", 200, json(), both)).isNotEmpty();
        assertThat(problems("GET", "/users", 200, json(), "{\"items\":[]}")).isNotEmpty();
    }

    @Test
    void aProblemTypeOfAnotherStatusFails() {
        assertThat(problems("GET", "/users/" + ID, 404, problemJson(), problem("invalid-parameter", 404))).isNotEmpty();
        assertThat(problems("GET", "/users/" + ID, 404, problemJson(), problem("not-found", 400))).isNotEmpty();
    }

    @Test
    void assertValidThrowsWithTheReasons() {
        assertThatThrownBy(() -> contract.assertValid("GET", "/users/" + ID, 200, userHeaders(),
                USER.replace("\"version\":1", "\"version\":\"1\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("openapi.yaml").hasMessageContaining("version");
    }

    private List<String> problems(String method, String path, int status, Map<String, List<String>> headers, String body) {
        return contract.problems(method, path, status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String problem(String slug, int status) {
        return "{\"type\":\"urn:celeris:problem:" + slug + "\",\"title\":\"T\",\"status\":" + status + ",\"detail\":\"d\"}";
    }

    private static Map<String, List<String>> json() {
        var h = new LinkedHashMap<String, List<String>>();
        h.put("Content-Type", List.of("application/json"));
        h.put("X-Request-Id", List.of("abc"));
        return h;
    }

    private static Map<String, List<String>> problemJson() {
        var h = json();
        h.put("Content-Type", List.of("application/problem+json"));
        return h;
    }

    private static Map<String, List<String>> allow(Map<String, List<String>> h) {
        h.put("Allow", List.of("GET, POST"));
        return h;
    }

    private static Map<String, List<String>> userHeaders() {
        var h = json();
        h.put("ETag", List.of("\"1\""));
        h.put("Cache-Status", List.of("celeris-l1; hit"));
        h.put("Cache-Control", List.of("private, no-cache"));
        return h;
    }
}
