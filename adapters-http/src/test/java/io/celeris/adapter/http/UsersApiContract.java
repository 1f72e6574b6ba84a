package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webclient.api.ClientResponseTyped;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The users API over HTTP. Run in memory ({@code @RoutingTest}) and over a socket ({@code @ServerTest}). */
abstract class UsersApiContract {

    private static final AtomicInteger SEQ = new AtomicInteger();

    protected final Http1Client client;

    UsersApiContract(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        TestApi.routing(routing, Optional.empty());
    }

    static String uniqueEmail() {
        return "u" + SEQ.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    ClientResponseTyped<String> post(String json) {
        return client.post("/users").contentType(MediaTypes.APPLICATION_JSON).submit(json, String.class);
    }

    JsonNode createUser(String name) {
        var res = post("{\"email\":\"" + uniqueEmail() + "\",\"name\":\"" + name + "\"}");
        assertThat(res.status()).isEqualTo(Status.CREATED_201);
        return json(res.entity());
    }

    static JsonNode json(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    static void assertProblem(ClientResponseTyped<String> res, Status status, String slug) {
        assertThat(res.status()).as(res.entity()).isEqualTo(status);
        assertThat(res.headers().contentType().map(t -> t.mediaType().text())).contains("application/problem+json");
        JsonNode p = json(res.entity());
        assertThat(p.path("type").asText()).isEqualTo("urn:celeris:problem:" + slug);
        assertThat(p.path("status").asInt()).isEqualTo(status.code());
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("detail").asText()).isNotBlank();
        assertThat(res.entity()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void createAnswers201WithLocationETagAndTheUser() {
        String email = uniqueEmail();
        var res = post("{\"email\":\"" + email.toUpperCase() + "\",\"name\":\"  Grace Hopper \"}");
        assertThat(res.status()).isEqualTo(Status.CREATED_201);
        JsonNode u = json(res.entity());
        assertThat(u.path("email").asText()).isEqualTo(email);
        assertThat(u.path("name").asText()).isEqualTo("Grace Hopper");
        assertThat(u.path("version").asLong()).isEqualTo(1);
        assertThat(u.path("created_at").asText()).isEqualTo(u.path("updated_at").asText()).endsWith("Z");
        assertThat(res.headers().first(HeaderNames.LOCATION)).contains("/users/" + u.path("id").asText());
        assertThat(res.headers().first(HeaderNames.ETAG)).contains("\"1\"");
    }

    @Test
    void getIsReadThroughTheCache() {
        String id = createUser("Ada").path("id").asText();
        var first = client.get("/users/" + id).request(String.class);
        assertThat(first.status()).isEqualTo(Status.OK_200);
        assertThat(first.headers().first(CacheStatus.HEADER)).contains("celeris; fwd=miss; stored");
        assertThat(first.headers().first(HeaderNames.ETAG)).contains("\"1\"");
        var second = client.get("/users/" + id).request(String.class);
        assertThat(second.headers().first(CacheStatus.HEADER)).contains("celeris-map; hit");
        assertThat(json(second.entity())).isEqualTo(json(first.entity()));
    }

    @Test
    void ifNoneMatchGives304WithTheSameETag() {
        String id = createUser("Ada").path("id").asText();
        for (String header : new String[] {"\"1\"", "W/\"1\"", "\"7\", \"1\"", "*"}) {
            var res = client.get("/users/" + id).header(HeaderNames.IF_NONE_MATCH, header).request(String.class);
            assertThat(res.status()).as(header).isEqualTo(Status.NOT_MODIFIED_304);
            assertThat(res.headers().first(HeaderNames.ETAG)).contains("\"1\"");
        }
        var changed = client.get("/users/" + id).header(HeaderNames.IF_NONE_MATCH, "\"2\"").request(String.class);
        assertThat(changed.status()).isEqualTo(Status.OK_200);
    }

    @Test
    void aReadAfterAWriteAnswersTheNewVersionNeverTheRenderingKeptForTheOld() {
        String id = createUser("Ada").path("id").asText();
        client.get("/users/" + id).request(String.class);
        // A hit: answered from the rendering kept for the cached instance.
        var hit = client.get("/users/" + id).request(String.class);
        assertThat(hit.headers().first(CacheStatus.HEADER)).contains("celeris-map; hit");
        assertThat(hit.headers().first(HeaderNames.ETAG)).contains("\"1\"");
        String body = "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"Ada King\"}";
        var put = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON).submit(body, String.class);
        assertThat(put.status()).isEqualTo(Status.OK_200);
        for (int i = 0; i < 3; i++) { // the load after the write, then hits on the new instance
            var read = client.get("/users/" + id).request(String.class);
            assertThat(read.headers().first(HeaderNames.ETAG)).as("read %d", i).contains("\"2\"");
            assertThat(json(read.entity()).path("version").asLong()).as("read %d", i).isEqualTo(2);
            assertThat(json(read.entity()).path("name").asText()).as("read %d", i).isEqualTo("Ada King");
        }
        var old = client.get("/users/" + id).header(HeaderNames.IF_NONE_MATCH, "\"1\"").request(String.class);
        assertThat(old.status()).isEqualTo(Status.OK_200);
        assertThat(json(old.entity()).path("version").asLong()).isEqualTo(2);
        var current = client.get("/users/" + id).header(HeaderNames.IF_NONE_MATCH, "\"2\"").request(String.class);
        assertThat(current.status()).isEqualTo(Status.NOT_MODIFIED_304);
        assertThat(client.delete("/users/" + id).request(String.class).status()).isEqualTo(Status.NO_CONTENT_204);
        assertThat(client.get("/users/" + id).request(String.class).status()).isEqualTo(Status.NOT_FOUND_404);
    }

    @Test
    void putReplacesHonouringIfMatch() {
        JsonNode u = createUser("Ada");
        String id = u.path("id").asText();
        String body = "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"Ada King\"}";
        var stale = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_MATCH, "\"5\"").submit(body, String.class);
        assertProblem(stale, Status.PRECONDITION_FAILED_412, "version-mismatch");
        var ok = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_MATCH, "\"1\"").submit(body, String.class);
        assertThat(ok.status()).isEqualTo(Status.OK_200);
        assertThat(json(ok.entity()).path("version").asLong()).isEqualTo(2);
        assertThat(ok.headers().first(HeaderNames.ETAG)).contains("\"2\"");
        var read = client.get("/users/" + id).request(String.class);
        assertThat(json(read.entity()).path("name").asText()).isEqualTo("Ada King");
        var weak = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_MATCH, "W/\"2\"").submit(body, String.class);
        assertProblem(weak, Status.PRECONDITION_FAILED_412, "version-mismatch");
        var any = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_MATCH, "*").submit(body, String.class);
        assertThat(any.status()).isEqualTo(Status.OK_200);
        var unconditional = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON).submit(body, String.class);
        assertThat(json(unconditional.entity()).path("version").asLong()).isEqualTo(4);
        var list = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_MATCH, "\"9\", W/\"5\", \"x\", \"4\"").submit(body, String.class);
        assertThat(list.status()).isEqualTo(Status.OK_200);
        assertThat(list.headers().first(HeaderNames.ETAG)).contains("\"5\"");
        var staleList = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_MATCH, "\"3\", \"4\"").submit(body, String.class);
        assertProblem(staleList, Status.PRECONDITION_FAILED_412, "version-mismatch");
        assertThat(json(staleList.entity()).path("detail").asText()).contains("version 5");
    }

    @Test
    void putAndDeleteHonourIfNoneMatch() {
        // RFC 9110, 13.1.2: on a change, an If-None-Match that matches the current ETag (or "*", the resource
        // exists) is a 412. A client asking "only if there is none" must never overwrite or delete.
        String id = createUser("Ada").path("id").asText();
        String body = "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"Ada King\"}";
        for (String header : List.of("*", "\"1\"", "W/\"1\"", "\"7\", \"1\"")) {
            var put = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                    .header(HeaderNames.IF_NONE_MATCH, header).submit(body, String.class);
            assertProblem(put, Status.PRECONDITION_FAILED_412, "version-mismatch");
            assertThat(json(put.entity()).path("detail").asText()).as(header).contains("version 1")
                    .contains("If-None-Match");
            assertProblem(client.delete("/users/" + id).header(HeaderNames.IF_NONE_MATCH, header).request(String.class),
                    Status.PRECONDITION_FAILED_412, "version-mismatch");
        }
        var read = client.get("/users/" + id).request(String.class);
        assertThat(json(read.entity()).path("name").asText()).isEqualTo("Ada");
        var other = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_NONE_MATCH, "\"2\", \"x\"").submit(body, String.class);
        assertThat(other.status()).isEqualTo(Status.OK_200);
        assertThat(other.headers().first(HeaderNames.ETAG)).contains("\"2\"");
        // With If-Match, both must hold; If-Match is decided first and named when it refuses.
        var both = client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .header(HeaderNames.IF_MATCH, "\"1\"").header(HeaderNames.IF_NONE_MATCH, "\"2\"").submit(body, String.class);
        assertProblem(both, Status.PRECONDITION_FAILED_412, "version-mismatch");
        assertThat(json(both.entity()).path("detail").asText()).contains("read it again");
        assertProblem(client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON).header(HeaderNames.IF_NONE_MATCH, "x")
                .submit(body, String.class), Status.BAD_REQUEST_400, "invalid-header");
        assertThat(client.delete("/users/" + id).header(HeaderNames.IF_MATCH, "\"2\"")
                .header(HeaderNames.IF_NONE_MATCH, "\"1\"").request(String.class).status()).isEqualTo(Status.NO_CONTENT_204);
        assertProblem(client.delete("/users/" + id).header(HeaderNames.IF_NONE_MATCH, "*").request(String.class),
                Status.NOT_FOUND_404, "not-found");
    }

    @Test
    void ifMatchNamesAtMost32Versions() {
        String id = createUser("Ada").path("id").asText();
        var tags = new StringBuilder("\"1\"");
        for (int v = 2; v <= 33; v++) {
            tags.append(", \"").append(v).append('"');
        }
        assertProblem(client.delete("/users/" + id).header(HeaderNames.IF_MATCH, tags.toString()).request(String.class),
                Status.BAD_REQUEST_400, "invalid-header");
        String thirtyTwo = tags.substring(0, tags.lastIndexOf(","));
        assertThat(client.delete("/users/" + id).header(HeaderNames.IF_MATCH, thirtyTwo).request(String.class).status())
                .isEqualTo(Status.NO_CONTENT_204);
    }

    @Test
    void putAcceptsTheReadOnlyFieldsOfAGetBack() {
        JsonNode u = createUser("Ada");
        String body = u.toString().replace("\"Ada\"", "\"Ada B\"");
        var res = client.put("/users/" + u.path("id").asText()).contentType(MediaTypes.APPLICATION_JSON)
                .submit(body, String.class);
        assertThat(res.status()).as(res.entity()).isEqualTo(Status.OK_200);
    }

    @Test
    void putOrDeleteOfAMissingUserIs404() {
        String id = UUID.randomUUID().toString();
        assertProblem(client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"email\":\"" + uniqueEmail() + "\",\"name\":\"X\"}", String.class), Status.NOT_FOUND_404, "not-found");
        assertProblem(client.delete("/users/" + id).request(String.class), Status.NOT_FOUND_404, "not-found");
        assertProblem(client.get("/users/" + id).request(String.class), Status.NOT_FOUND_404, "not-found");
        // RFC 9110 13.2.1: preconditions are ignored when the request would fail without them; "*" is no exception.
        for (String ifMatch : new String[] {"*", "\"1\""}) {
            assertProblem(client.put("/users/" + id).contentType(MediaTypes.APPLICATION_JSON)
                    .header(HeaderNames.IF_MATCH, ifMatch)
                    .submit("{\"email\":\"" + uniqueEmail() + "\",\"name\":\"X\"}", String.class),
                    Status.NOT_FOUND_404, "not-found");
            assertProblem(client.delete("/users/" + id).header(HeaderNames.IF_MATCH, ifMatch).request(String.class),
                    Status.NOT_FOUND_404, "not-found");
        }
    }

    @Test
    void deleteAnswers204AndTheUserIsGone() {
        String id = createUser("Ada").path("id").asText();
        assertProblem(client.delete("/users/" + id).header(HeaderNames.IF_MATCH, "\"3\"").request(String.class),
                Status.PRECONDITION_FAILED_412, "version-mismatch");
        var res = client.delete("/users/" + id).header(HeaderNames.IF_MATCH, "\"1\"").request(String.class);
        assertThat(res.status()).isEqualTo(Status.NO_CONTENT_204);
        assertProblem(client.get("/users/" + id).request(String.class), Status.NOT_FOUND_404, "not-found");
    }

    @Test
    void duplicateEmailIs409() {
        String email = uniqueEmail();
        assertThat(post("{\"email\":\"" + email + "\",\"name\":\"A\"}").status()).isEqualTo(Status.CREATED_201);
        assertProblem(post("{\"email\":\"" + email.toUpperCase() + "\",\"name\":\"B\"}"), Status.CONFLICT_409, "duplicate-email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1]", "null", "42", "{\"email\":1,\"name\":\"A\"}", "{\"name\":\"A\"}",
        "{\"email\":\"a@b.co\",\"name\":\"A\",\"role\":\"admin\"}", "{\"email\":\"a@b.co\",\"email\":\"c@d.ef\",\"name\":\"A\"}",
        "{\"email\":\"a@b.co\",\"name\":\"A\"} trailing", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"})
    void malformedBodiesAre400(String body) {
        assertProblem(post(body), Status.BAD_REQUEST_400, "invalid-body");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"email\":\"not-an-email\",\"name\":\"A\"}", "{\"email\":\"a@b.co\",\"name\":\"   \"}",
        "{\"email\":\"a@b.co\",\"name\":\"A\\u0000B\"}", "{\"email\":\"a@b.co\",\"name\":\"A\\u202eB\"}"})
    void invalidFieldsAre400(String body) {
        assertProblem(post(body), Status.BAD_REQUEST_400, "invalid-field");
    }

    @Test
    void bodiesThatAreNotJsonAre415() {
        var res = client.post("/users").contentType(MediaTypes.TEXT_PLAIN).submit("{\"email\":\"a@b.co\",\"name\":\"A\"}", String.class);
        assertProblem(res, Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type");
    }

    ClientResponseTyped<String> post(String contentType, byte[] body) {
        return client.post("/users").header(HeaderValues.create(HeaderNames.CONTENT_TYPE, contentType))
                .submit(body, String.class);
    }

    /** A GET of a path and query sent as written, without the client's encoding. */
    ClientResponseTyped<String> rawGet(String pathAndQuery) {
        return client.get().skipUriEncoding(true).uri(pathAndQuery).request(String.class);
    }

    /** Issue 10 row 9: an overlong "/" (C0 AF) was created as "a/b"; any invalid UTF-8 is now refused. */
    @ParameterizedTest
    @ValueSource(strings = {"C0AF", "FF", "C0", "E282", "EDA080", "F4908080", "80"})
    void bodiesThatAreNotUtf8Are400(String hex) {
        byte[] head = ("{\"email\":\"" + uniqueEmail() + "\",\"name\":\"a").getBytes(StandardCharsets.US_ASCII);
        byte[] bad = java.util.HexFormat.of().parseHex(hex);
        byte[] tail = "b\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
        assertProblem(post("application/json", body), Status.BAD_REQUEST_400, "invalid-body");
        // Nothing was created: the same email in valid UTF-8 is still free.
        String email = new String(head, StandardCharsets.US_ASCII).replaceAll(".*\"email\":\"([^\"]+)\".*", "$1");
        assertThat(post("{\"email\":\"" + email + "\",\"name\":\"ab\"}").status()).isEqualTo(Status.CREATED_201);
    }

    /** Issue 10 row 9: a body declared in another charset is 415, even when Jackson could have read it. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json; charset=latin1", "application/json; charset=UTF-16",
        "application/json; charset=utf-16le", "application/json; charset=iso-8859-1"})
    void bodiesInOtherCharsetsAre415(String type) {
        String json = "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"A\"}";
        var charset = type.contains("16") ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1;
        assertProblem(post(type, json.getBytes(charset)), Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type");
    }

    /** Undeclared UTF-16 is not UTF-8 text Jackson may guess at: it is invalid JSON. */
    @Test
    void undeclaredUtf16IsNotGuessed() {
        String json = "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"A\"}";
        assertProblem(post("application/json", json.getBytes(StandardCharsets.UTF_16LE)), Status.BAD_REQUEST_400,
                "invalid-body");
    }

    /** Issue 10 row 10: media types are case-insensitive (RFC 9110 §8.3.1). */
    @ParameterizedTest
    @ValueSource(strings = {"APPLICATION/JSON", "Application/Json; Charset=\"UTF-8\"", "application/json;charset=utf-8"})
    void mediaTypesAreComparedCaseInsensitively(String type) {
        String json = "{\"email\":\"" + uniqueEmail() + "\",\"name\":\"Case\"}";
        var res = post(type, json.getBytes(StandardCharsets.UTF_8));
        assertThat(res.status()).as(res.entity()).isEqualTo(Status.CREATED_201);
        String id = json(res.entity()).path("id").asText();
        var put = client.put("/users/" + id).header(HeaderValues.create(HeaderNames.CONTENT_TYPE, type))
                .submit(json.replace("Case", "Case 2"), String.class);
        assertThat(put.status()).as(put.entity()).isEqualTo(Status.OK_200);
    }

    /** Issue 10 row 10: a malformed Content-Type was a generic 400; it is a 415 like any other unsupported one. */
    @ParameterizedTest
    @ValueSource(strings = {"application", "json", "application/json; charset", "application/json x", "*/*"})
    void malformedMediaTypesAre415(String type) {
        assertProblem(post(type, "{}".getBytes(StandardCharsets.UTF_8)), Status.UNSUPPORTED_MEDIA_TYPE_415,
                "unsupported-media-type");
    }

    /** Issue 10 row 3: years beyond RFC 3339's four digits reached PostgreSQL (500); checked before any query. */
    @ParameterizedTest
    @ValueSource(strings = {"created_after=%2B294277-01-01T00:00:00Z", "created_before=%2B294277-01-01T00:00:00Z",
        "page=1&size=5&created_after=%2B294277-01-01T00:00:00Z", "page=1&size=5&created_before=-4714-11-24T00:00:00Z",
        "created_after=0000-01-01T00:00:00%2B00:01", "created_before=9999-12-31T23:59:59-00:01"})
    void datesBeyondWhatStoresHoldAre400(String query) {
        assertProblem(rawGet("/users?" + query), Status.BAD_REQUEST_400, "invalid-parameter");
    }

    @Test
    void datesAtTheEdgesOfRfc3339AreServed() {
        createUser("Edge");
        var res = rawGet("/users?created_after=0000-01-01T00:00:00Z&created_before=9999-12-31T23:59:59.999999Z");
        assertThat(res.status()).as(res.entity()).isEqualTo(Status.OK_200);
        assertThat(json(res.entity()).path("items")).isNotEmpty();
    }

    /** Issue 10 row 7: HEAD is answered on every GET route, so Allow and OPTIONS name it. */
    @Test
    void allowAndOptionsListHead() {
        var options = client.method(io.helidon.http.Method.OPTIONS).path("/users").request(String.class);
        assertThat(options.status()).isEqualTo(Status.NO_CONTENT_204);
        assertThat(options.headers().first(HeaderNames.ALLOW)).contains("GET, HEAD, POST, OPTIONS");
        String id = createUser("Allow").path("id").asText();
        var one = client.method(io.helidon.http.Method.OPTIONS).path("/users/" + id).request(String.class);
        assertThat(one.headers().first(HeaderNames.ALLOW)).contains("GET, HEAD, PUT, DELETE, OPTIONS");
        var patch = client.method(io.helidon.http.Method.PATCH).path("/users/" + id).request(String.class);
        assertProblem(patch, Status.METHOD_NOT_ALLOWED_405, "method-not-allowed");
        assertThat(patch.headers().first(HeaderNames.ALLOW)).contains("GET, HEAD, PUT, DELETE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "not-a-uuid", "0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8fff", "%20"})
    void malformedIdsAre400(String id) {
        assertProblem(client.get("/users/" + id).request(String.class), Status.BAD_REQUEST_400, "invalid-field");
    }

    @Test
    void offsetPagesCarryTotals() {
        for (int i = 0; i < 25; i++) {
            createUser("Page" + i);
        }
        var res = client.get("/users").queryParam("page", "1").queryParam("size", "10").request(String.class);
        assertThat(res.status()).isEqualTo(Status.OK_200);
        JsonNode page = json(res.entity());
        long total = page.path("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(25);
        assertThat(page.path("items")).hasSize(10);
        assertThat(page.path("page").asInt()).isEqualTo(1);
        assertThat(page.path("size").asInt()).isEqualTo(10);
        assertThat(page.path("pages").asLong()).isEqualTo((total + 9) / 10);
        var past = json(client.get("/users").queryParam("page", "20").queryParam("size", "10").request(String.class).entity());
        assertThat(past.path("items")).isEmpty();
        assertThat(past.path("total").asLong()).isEqualTo(total);
    }

    @Test
    void cursorPagesWalkEveryUserOnceAndBack() {
        for (int i = 0; i < 30; i++) {
            createUser("Walker" + i);
        }
        var ids = new ArrayList<String>();
        List<String> prevCursors = new ArrayList<>();
        String cursor = null;
        do {
            var req = client.get("/users").queryParam("limit", "7").queryParam("sort", "-created_at");
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            var res = req.request(String.class);
            assertThat(res.status()).as(res.entity()).isEqualTo(Status.OK_200);
            JsonNode page = json(res.entity());
            page.path("items").forEach(u -> ids.add(u.path("id").asText()));
            JsonNode info = page.path("page_info");
            assertThat(info.path("has_next").asBoolean()).isEqualTo(!info.path("next_cursor").isNull());
            assertThat(info.path("has_prev").asBoolean()).isEqualTo(!info.path("prev_cursor").isNull());
            prevCursors.add(info.path("prev_cursor").isNull() ? null : info.path("prev_cursor").asText());
            cursor = info.path("next_cursor").isNull() ? null : info.path("next_cursor").asText();
        } while (cursor != null);
        assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
        var total = json(client.get("/users").queryParam("page", "1").queryParam("size", "1").request(String.class).entity())
                .path("total").asLong();
        assertThat(ids).hasSize((int) total);
        assertThat(prevCursors.getFirst()).isNull();
        // The previous page of the second page is the first page.
        var back = json(client.get("/users").queryParam("limit", "7").queryParam("sort", "-created_at")
                .queryParam("cursor", prevCursors.get(1)).request(String.class).entity());
        var backIds = new ArrayList<String>();
        back.path("items").forEach(u -> backIds.add(u.path("id").asText()));
        assertThat(backIds).containsExactlyElementsOf(ids.subList(0, 7));
    }

    @Test
    void aCursorOnlyWorksWithTheSortItWasMadeFor() {
        createUser("A");
        createUser("B");
        String cursor = json(client.get("/users").queryParam("limit", "1").request(String.class).entity())
                .path("page_info").path("next_cursor").asText();
        assertProblem(client.get("/users").queryParam("limit", "1").queryParam("sort", "name")
                .queryParam("cursor", cursor).request(String.class), Status.BAD_REQUEST_400, "invalid-cursor");
        // Flip one character of the signature, then of the payload.
        char[] c = cursor.toCharArray();
        c[c.length - 2] = c[c.length - 2] == 'A' ? 'B' : 'A';
        assertProblem(client.get("/users").queryParam("cursor", new String(c)).request(String.class),
                Status.BAD_REQUEST_400, "invalid-cursor");
        c = cursor.toCharArray();
        c[5] = c[5] == 'A' ? 'B' : 'A';
        assertProblem(client.get("/users").queryParam("cursor", new String(c)).request(String.class),
                Status.BAD_REQUEST_400, "invalid-cursor");
        assertProblem(client.get("/users").queryParam("cursor", cursor.substring(0, cursor.length() / 2)).request(String.class),
                Status.BAD_REQUEST_400, "invalid-cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=51", "limit=-1", "limit=abc", "limit=99999999999999999999999999",
        "limit=1.5", "limit=", "page=0&size=10", "page=1&size=0", "page=1&size=51", "page=9223372036854775807&size=50",
        "page=1&limit=10", "cursor=x&page=1", "limit=1&limit=2", "unknown=1", "sort=age", "sort=name,name", "sort=",
        "cursor=", "cursor=....", "page=12&size=20", "sort=NUL", "limit=NUL"})
    void badListParametersAre400(String query) {
        var params = new java.util.LinkedHashMap<String, List<String>>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1].replace("NUL", "\u0000") : "");
        }
        var req = client.get("/users");
        params.forEach((k, v) -> req.queryParam(k, v.toArray(String[]::new)));
        var res = req.request(String.class);
        assertThat(res.status()).as(query + " -> " + res.entity()).isEqualTo(Status.BAD_REQUEST_400);
        assertThat(json(res.entity()).path("type").asText()).startsWith("urn:celeris:problem:");
    }

    @Test
    void aPagePastTheMaxOffsetIsAnInvalidParameterNamingPage() {
        // max-offset 200 rows here (TestApi.PAGING): page 11 of 20 starts at row 200, page 12 at row 220.
        assertThat(client.get("/users").queryParam("page", "11").queryParam("size", "20").request(String.class)
                .status()).isEqualTo(Status.OK_200);
        var res = client.get("/users").queryParam("page", "12").queryParam("size", "20").request(String.class);
        assertProblem(res, Status.BAD_REQUEST_400, "invalid-parameter");
        assertThat(json(res.entity()).path("errors").get(0).path("name").asText()).isEqualTo("page");
        assertThat(json(res.entity()).path("detail").asText()).contains("first 200 rows", "cursor");
    }

    @Test
    void unknownRoutesAre404AndWrongMethods405() {
        assertProblem(client.get("/nothing/here").request(String.class), Status.NOT_FOUND_404, "not-found");
        var res = client.method(io.helidon.http.Method.PATCH).path("/users").request(String.class);
        assertProblem(res, Status.METHOD_NOT_ALLOWED_405, "method-not-allowed");
        assertThat(res.headers().first(HeaderNames.ALLOW)).contains("GET, HEAD, POST");
    }

    @Test
    void theCeilingRouteAnswersWhenEnabled() {
        var res = client.get("/bench/ceiling").request(String.class);
        assertThat(res.status()).isEqualTo(Status.OK_200);
        assertThat(res.entity()).isEqualTo("{\"ok\":true}");
    }
}
