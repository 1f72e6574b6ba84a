package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.persistence.PostgresTestDatabase;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cursors signed with the right secret whose keys do not fit their sort (wrong type, wrong count, a
 * null where the key is never null, a timestamp no database stores) are a 400 {@code invalid-cursor}, on
 * PostgreSQL, never a 500. Whoever holds the secret (a leaked one, an old release) must not be able to
 * make the server fail. The tokens are made here the way the format is documented, not through the codec:
 * the binary tokens of version 2 that the service writes, and the JSON tokens of version 1 (the previous
 * release's) that it still reads.
 */
class ForgedCursorSystemTest {

    private static final String SECRET = "forged-cursor-test-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ID = "\"0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f\"";
    private static Celeris app;

    @BeforeAll
    static void start() throws Exception {
        var pg = PostgresTestDatabase.get();
        app = Celeris.start(Settings.load(Map.of(), Map.of(
                "server.port", "0",
                "database.url", pg.url(),
                "database.user", pg.user(),
                "database.password", pg.password(),
                "database.pool.minimum-idle", "2",
                "celeris.cursor.secret", SECRET,
                "celeris.access-log.enabled", "false")));
        // Rows to page over, so that a query that runs has something to compare with.
        for (int i = 0; i < 3; i++) {
            send("/users", "{\"email\":\"forged" + i + "-" + UUID.randomUUID().toString().substring(0, 8)
                    + "@example.com\",\"name\":\"F" + i + "\"}");
        }
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static HttpResponse<String> send(String path, String body) throws Exception {
        var req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (body != null) {
            req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String listing(String sort, String keys) throws Exception {
        // The cursor names the whole sort, with the id that ends it (in the direction of the last key).
        String canonical = sort + (sort.substring(sort.lastIndexOf(',') + 1).startsWith("-") ? ",-id" : ",id");
        return "/users?limit=2&sort=" + URLEncoder.encode(sort, StandardCharsets.UTF_8) + "&cursor="
                + sign(canonical, keys);
    }

    /** {@code base64url(json).base64url(first 16 bytes of HMAC-SHA256(json))}, as CursorCodec writes them. */
    private static String sign(String sort, String keys) throws Exception {
        String payload = "{\"v\":1,\"d\":\"a\",\"s\":\"" + sort + "\",\"f\":\"\",\"k\":" + keys + "}";
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        var b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(bytes) + "." + b64.encodeToString(Arrays.copyOf(mac.doFinal(bytes), 16));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a string where a timestamp is      | created_at     | [[\"s\",\"2026-01-01T00:00:00Z\"],[\"u\"," + ID + "]]",
        "a number where a string is         | name           | [[\"l\",42],[\"u\"," + ID + "]]",
        "null for a key that is never null  | email          | [[\"z\"],[\"u\"," + ID + "]]",
        "too few keys                       | name           | [[\"s\",\"F1\"]]",
        "too many keys                      | name           | [[\"s\",\"F1\"],[\"u\"," + ID + "],[\"s\",\"x\"]]",
        "a string where the id is           | created_at     | [[\"t\",1767225600000000],[\"s\",\"not-a-uuid\"]]",
        "a number where the id is           | -created_at    | [[\"t\",1767225600000000],[\"l\",7]]",
        "a timestamp no database stores     | created_at     | [[\"t\",-9223372036854775807],[\"u\"," + ID + "]]",
        "a timestamp where the name is      | -last_login_at,name | [[\"z\"],[\"t\",1767225600000000],[\"u\"," + ID + "]]",
    })
    void aSignedCursorWhoseKeysDoNotFitItsSortIs400(String what, String sort, String keys) throws Exception {
        var res = send(listing(sort, keys), null);
        assertThat(res.statusCode()).as(what + ": " + res.body()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).path("type").asText()).isEqualTo("urn:celeris:problem:invalid-cursor");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a timestamp and an id        | created_at          | [[\"t\",1767225600000000],[\"u\"," + ID + "]]",
        "null where a key may be null | -last_login_at,name | [[\"z\"],[\"s\",\"F1\"],[\"u\"," + ID + "]]",
    })
    void aSignedCursorWhoseKeysFitIsAnswered(String what, String sort, String keys) throws Exception {
        var res = send(listing(sort, keys), null);
        assertThat(res.statusCode()).as(what + ": " + res.body()).isEqualTo(200);
    }

    /** {@code base64url(payload ‖ first 16 bytes of HMAC-SHA256(payload))}, version 2 as CursorCodec documents it. */
    private static String signBinary(String sort, String keysHex) throws Exception {
        var payload = new java.io.ByteArrayOutputStream();
        payload.write(2);
        payload.write('a');
        byte[] text = sort.getBytes(StandardCharsets.UTF_8);
        payload.write(text.length);
        payload.writeBytes(text);
        payload.write(0); // no filters: no fingerprint
        payload.writeBytes(java.util.HexFormat.of().parseHex(keysHex.replace(" ", "")));
        byte[] bytes = payload.toByteArray();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] token = Arrays.copyOf(bytes, bytes.length + 16);
        System.arraycopy(mac.doFinal(bytes), 0, token, bytes.length, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    private static String binaryListing(String sort, String keysHex) throws Exception {
        String canonical = sort + (sort.substring(sort.lastIndexOf(',') + 1).startsWith("-") ? ",-id" : ",id");
        return "/users?limit=2&sort=" + URLEncoder.encode(sort, StandardCharsets.UTF_8) + "&cursor="
                + signBinary(canonical, keysHex);
    }

    private static final String BIN_ID = "75 0190f0a86c1e7b3a9d1e2f4b5c6d7e8f";
    private static final String BIN_TIME = "74 00064739fc2f8000";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a string where a timestamp is      | created_at     | 02 73 0001 41 " + BIN_ID,
        "a timestamp where a string is      | name           | 02 " + BIN_TIME + " " + BIN_ID,
        "null for a key that is never null  | email          | 02 7a " + BIN_ID,
        "too few keys                       | name           | 01 73 0002 4631",
        "too many keys                      | name           | 03 73 0002 4631 " + BIN_ID + " 73 0001 78",
        "a string where the id is           | created_at     | 02 " + BIN_TIME + " 73 0001 41",
        "a truncated id                     | -created_at    | 02 " + BIN_TIME + " 75 0190",
        "a timestamp no database stores     | created_at     | 02 74 8000000000000001 " + BIN_ID,
        "a string longer than the token     | name           | 02 73 ffff 4631 " + BIN_ID,
        "trailing bytes                     | created_at     | 02 " + BIN_TIME + " " + BIN_ID + " 00",
    })
    void aSignedBinaryCursorWhoseKeysDoNotFitItsSortIs400(String what, String sort, String keys) throws Exception {
        var res = send(binaryListing(sort, keys), null);
        assertThat(res.statusCode()).as(what + ": " + res.body()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).path("type").asText()).isEqualTo("urn:celeris:problem:invalid-cursor");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a timestamp and an id        | created_at          | 02 " + BIN_TIME + " " + BIN_ID,
        "null where a key may be null | -last_login_at,name | 03 7a 73 0002 4631 " + BIN_ID,
    })
    void aSignedBinaryCursorWhoseKeysFitIsAnswered(String what, String sort, String keys) throws Exception {
        var res = send(binaryListing(sort, keys), null);
        assertThat(res.statusCode()).as(what + ": " + res.body()).isEqualTo(200);
    }

    /** The cursors the service hands out now are the binary ones, and they lead on. */
    @org.junit.jupiter.api.Test
    void theServiceWritesBinaryCursorsThatLeadToTheNextPage() throws Exception {
        var first = JSON.readTree(send("/users?limit=1&sort=created_at", null).body());
        String next = first.path("page_info").path("next_cursor").asText();
        assertThat(next).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(next)[0]).isEqualTo((byte) 2);
        var second = send("/users?limit=1&sort=created_at&cursor=" + next, null);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).path("items").get(0).path("id").asText())
                .isNotEqualTo(first.path("items").get(0).path("id").asText());
    }
}
