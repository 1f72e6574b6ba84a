package io.celeris.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.celeris.domain.user.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON shape of a user, out and in. */
final class UserJson {

    /** Fields a client may send back unchanged (from a GET) and that a write ignores. */
    private static final Set<String> READ_ONLY = Set.of("id", "created_at", "updated_at", "version", "last_login_at");
    private static final Set<String> WRITABLE = Set.of("email", "name");

    private UserJson() {
    }

    private static final byte[] ID = JsonOut.ascii("{\"id\":");
    private static final byte[] EMAIL = JsonOut.ascii(",\"email\":");
    private static final byte[] NAME = JsonOut.ascii(",\"name\":");
    private static final byte[] CREATED_AT = JsonOut.ascii(",\"created_at\":");
    private static final byte[] UPDATED_AT = JsonOut.ascii(",\"updated_at\":");
    private static final byte[] VERSION = JsonOut.ascii(",\"version\":");
    private static final byte[] LAST_LOGIN_AT = JsonOut.ascii(",\"last_login_at\":");
    private static final byte[] END = JsonOut.ascii("}");

    /** Room for a typical user, so that a page's buffer seldom grows. */
    static final int TYPICAL_SIZE = 256;

    /** The user as a JSON document. */
    static byte[] bytes(User u) {
        var out = new JsonOut(TYPICAL_SIZE);
        write(out, u);
        return out.toByteArray();
    }

    /**
     * Writes a user as the API shows it: {@code id, email, name, created_at, updated_at, version,
     * last_login_at} in that order, {@code last_login_at} null when never, instants in RFC 3339 UTC to the
     * microsecond where there is one ({@link Instant#toString()}'s text). {@code UserJsonTest} holds this to what
     * Jackson's own record serializer writes.
     */
    static void write(JsonOut out, User u) {
        out.raw(ID).uuid(u.id().value())
                .raw(EMAIL).string(u.email().value())
                .raw(NAME).string(u.name().value())
                .raw(CREATED_AT).instant(u.createdAt())
                .raw(UPDATED_AT).instant(u.updatedAt())
                .raw(VERSION).number(u.version())
                .raw(LAST_LOGIN_AT).instant(u.lastLoginAt())
                .raw(END);
    }

    /**
     * The writable fields of a request body.
     *
     * @param email raw email
     * @param name  raw name
     */
    record In(String email, String name) {
    }

    /**
     * Reads {@code {"email": "...", "name": "..."}}; both are required strings. Unknown fields are
     * refused (a typo would otherwise be silently lost); read-only fields are ignored.
     */
    static In in(String body) {
        JsonNode node = Json.readObject(body);
        List<Map<String, String>> errors = new ArrayList<>();
        node.fieldNames().forEachRemaining(f -> {
            if (!WRITABLE.contains(f) && !READ_ONLY.contains(f)) {
                errors.add(Map.of("name", f, "detail", "is not a field of a user (writable: email, name)"));
            }
        });
        String email = text(node, "email", errors);
        String name = text(node, "name", errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(io.helidon.http.Status.BAD_REQUEST_400, "invalid-body", "Invalid request body",
                    errors.stream().map(e -> e.get("name") + " " + e.get("detail")).reduce((a, b) -> a + "; " + b).orElse(""),
                    errors);
        }
        return new In(email, name);
    }

    private static String text(JsonNode node, String field, List<Map<String, String>> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            errors.add(Map.of("name", field, "detail", "is required"));
            return null;
        }
        if (!v.isTextual()) {
            errors.add(Map.of("name", field, "detail", "must be a string"));
            return null;
        }
        return v.textValue();
    }
}
