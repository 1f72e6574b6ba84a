package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.domain.user.User;
import java.time.Instant;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class DemoDataTest {

    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void theSameEndGivesTheSameUsersIdsIncluded() {
        var once = DemoData.users(2_000, END);
        var again = DemoData.users(2_000, END);
        assertThat(again).isEqualTo(once);
        assertThat(once).extracting(User::id).doesNotHaveDuplicates();
    }

    @Test
    void usersAreDistinctByEmailOrderedByCreationAndNamedAsTheirEmailSays() {
        var users = DemoData.users(2_000, END);
        var emails = new HashSet<String>();
        Instant previous = Instant.MIN;
        for (User u : users) {
            assertThat(emails.add(u.email().value())).isTrue();
            assertThat(u.createdAt()).isAfterOrEqualTo(END.minusSeconds(365L * 24 * 3600)).isBefore(END.plusSeconds(1));
            // Ids are UUIDv7 of the creation time: the primary key's order is the creation order.
            assertThat(u.id().value().getMostSignificantBits() >>> 16).isEqualTo(u.createdAt().toEpochMilli());
            assertThat(u.createdAt()).isAfter(previous); // a year over 2,000 users: hours apart, jitter under 1 s
            previous = u.createdAt();
            String[] name = u.name().value().split(" ", 2);
            String local = (name[0] + "." + name[1].replace(" ", "")).toLowerCase(java.util.Locale.ROOT);
            assertThat(u.email().value()).startsWith(local + ".");
        }
    }
}
