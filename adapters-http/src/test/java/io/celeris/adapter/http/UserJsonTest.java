package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserJsonTest {

    /** The same components as {@link UserJson.Out}, serialized by Jackson's own record serializer. */
    record Plain(String id, String email, String name, String createdAt, String updatedAt, long version,
                 String lastLoginAt) {
    }

    @Test
    void theHandWrittenSerializerWritesWhatJacksonWouldWrite() {
        var outs = List.of(
                new UserJson.Out("0190d7a2-0000-7000-8000-000000000001", "a@example.com", "Ada \"Q\" Lovelace\u00e9\n",
                        "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.123456Z", 3, null),
                new UserJson.Out("0190d7a2-0000-7000-8000-000000000002", "b@example.com", "B",
                        "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", Long.MAX_VALUE, "2026-01-03T00:00:00Z"));
        for (var o : outs) {
            var plain = new Plain(o.id(), o.email(), o.name(), o.createdAt(), o.updatedAt(), o.version(), o.lastLoginAt());
            assertThat(new String(Json.write(o), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.write(plain), StandardCharsets.UTF_8))
                    .contains("\"created_at\":", "\"last_login_at\":");
        }
        assertThat(new String(Json.write(outs), StandardCharsets.UTF_8)).startsWith("[{\"id\":");
    }
}
