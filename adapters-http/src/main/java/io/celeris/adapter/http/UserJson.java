package io.celeris.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.celeris.domain.user.User;
import java.io.IOException;
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

    /** The user as a JSON document. */
    static byte[] bytes(User u) {
        return Json.stream(g -> write(g, u, new char[Rfc3339.MAX_UTC_LENGTH]));
    }

    /**
     * Writes a user as the API shows it: {@code id, email, name, created_at, updated_at, version,
     * last_login_at} in that order, {@code last_login_at} null when never, instants in RFC 3339 UTC to the
     * microsecond where there is one ({@link Instant#toString()}'s text, written by {@link Rfc3339} into
     * {@code scratch} rather than into a String per value). {@code UserJsonTest} holds this to what Jackson's own
     * record serializer writes.
     *
     * @param scratch at least {@link Rfc3339#MAX_UTC_LENGTH} characters, reused across users
     */
    static void write(JsonGenerator g, User u, char[] scratch) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", u.id().toString());
        g.writeStringField("email", u.email().value());
        g.writeStringField("name", u.name().value());
        g.writeFieldName("created_at");
        instant(g, u.createdAt(), scratch);
        g.writeFieldName("updated_at");
        instant(g, u.updatedAt(), scratch);
        g.writeNumberField("version", u.version());
        g.writeFieldName("last_login_at");
        if (u.lastLoginAt() == null) {
            g.writeNull();
        } else {
            instant(g, u.lastLoginAt(), scratch);
        }
        g.writeEndObject();
    }

    private static void instant(JsonGenerator g, Instant t, char[] scratch) throws IOException {
        int n = Rfc3339.utc(t, scratch);
        if (n < 0) {
            g.writeString(t.toString());
        } else {
            g.writeString(scratch, 0, n);
        }
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
