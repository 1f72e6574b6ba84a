package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserJsonTest {

    /** A user as the API shows it, serialized by Jackson's own record serializer: the reference. */
    record Plain(String id, String email, String name, String createdAt, String updatedAt, long version,
                 String lastLoginAt) {
        static Plain of(User u) {
            return new Plain(u.id().toString(), u.email().value(), u.name().value(), u.createdAt().toString(),
                    u.updatedAt().toString(), u.version(), u.lastLoginAt() == null ? null : u.lastLoginAt().toString());
        }
    }

    static final List<User> USERS = List.of(
            new User(new UserId(UUID.fromString("0190d7a2-0000-7000-8000-000000000001")), new Email("a@example.com"),
                    new UserName("Ada \"Q\" \\ Lovelace\u00e9 \u2713 \uD83D\uDE00 </script>"),
                    Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00.123456Z"), 3, null),
            new User(new UserId(UUID.fromString("0190d7a2-0000-7000-8000-000000000002")), new Email("b@example.com"),
                    new UserName("B"), Instant.parse("1970-01-01T00:00:00.001Z"), Instant.parse("2026-01-02T00:00:00Z"),
                    Long.MAX_VALUE, Instant.parse("2026-01-03T00:00:00.000000001Z")),
            // A year no RFC 3339 text holds: written as Instant.toString writes it, as before.
            new User(new UserId(UUID.fromString("0190d7a2-0000-7000-8000-000000000003")), new Email("c@example.com"),
                    new UserName("C"), Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-01-02T00:00:00Z"),
                    1, Instant.parse("-0001-01-01T00:00:00Z")));

    @Test
    void theStreamedUserIsWhatJacksonWritesForItsRecord() {
        for (User u : USERS) {
            assertThat(new String(UserJson.bytes(u), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.write(Plain.of(u)), StandardCharsets.UTF_8))
                    .contains("\"created_at\":", "\"last_login_at\":");
        }
    }
}
