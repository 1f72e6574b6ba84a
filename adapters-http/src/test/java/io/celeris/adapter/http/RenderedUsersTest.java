package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UuidV7;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Test;

class RenderedUsersTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static User user(String name) {
        return User.create(UuidV7.next(Clock.systemUTC()), new Email(name.toLowerCase() + "@example.com"),
                new UserName(name), T0);
    }

    private static JsonNode json(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The rendering is exactly what serializing the user gives, and the ETag is the user's. */
    private static void assertRendersExactly(RenderedUsers.Rendered r, User u) {
        assertThat(r.user()).isSameAs(u);
        assertThat(r.json()).isEqualTo(UserJson.bytes(u));
        assertThat(r.etag().get()).isEqualTo(Preconditions.etag(u));
        assertThat(json(r.json()).path("version").asLong()).isEqualTo(u.version());
    }

    @Test
    void theSameInstanceIsRenderedOnceAndAnsweredWithItsOwnBytesAndETag() {
        var memo = new RenderedUsers();
        User ada = user("Ada");
        var first = memo.of(ada);
        assertRendersExactly(first, ada);
        assertThat(memo.of(ada)).isSameAs(first);
    }

    @Test
    void anotherInstanceOfTheSameUserIsRenderedAnewNeverAnsweredWithTheOldBytes() {
        var memo = new RenderedUsers();
        User v1 = user("Ada");
        var r1 = memo.of(v1);
        User v2 = v1.update(v1.email(), new UserName("Ada King"), T0.plusSeconds(1));
        var r2 = memo.of(v2);
        assertRendersExactly(r2, v2);
        assertThat(r2.etag().get()).isEqualTo("\"2\"");
        assertThat(json(r2.json()).path("name").asText()).isEqualTo("Ada King");
        // A login changes the body but not the version: same ETag, new bytes.
        User loggedIn = v2.withLastLoginAt(T0.plusSeconds(2));
        var r3 = memo.of(loggedIn);
        assertRendersExactly(r3, loggedIn);
        assertThat(r3.etag().get()).isEqualTo(r2.etag().get());
        assertThat(json(r3.json()).path("last_login_at").asText()).isEqualTo("2026-01-01T00:00:02Z");
        // An equal but distinct instance (a reload of the same row) is rendered anew, to the same bytes.
        User reloaded = new User(v1.id(), v1.email(), v1.name(), v1.createdAt(), v1.updatedAt(), v1.version(),
                v1.lastLoginAt());
        var r4 = memo.of(reloaded);
        assertThat(r4).isNotSameAs(r1);
        assertRendersExactly(r4, reloaded);
    }

    @Test
    void usersSharingABucketEachGetTheirOwnRendering() {
        var memo = new RenderedUsers(4); // one bucket of four slots: every user shares it
        var users = List.of(user("Ada"), user("Bob"), user("Cy"), user("Di"), user("Ed"), user("Flo"));
        for (int round = 0; round < 20; round++) {
            for (User u : users) {
                assertRendersExactly(memo.of(u), u);
            }
        }
        // Four users fit a bucket: once kept, each is answered without rendering again.
        var fresh = new RenderedUsers(4);
        var four = users.subList(0, 4);
        var kept = four.stream().map(fresh::of).toList();
        for (int round = 0; round < 8; round++) {
            for (int i = 0; i < four.size(); i++) {
                assertThat(fresh.of(four.get(i))).isSameAs(kept.get(i));
            }
        }
    }

    @Test
    void aNewerInstanceOfAUserReplacesItsOlderRenderingRatherThanAnotherUsers() {
        var memo = new RenderedUsers(4);
        var others = List.of(user("Bob"), user("Cy"), user("Di"));
        var kept = others.stream().map(memo::of).toList();
        User ada = user("Ada");
        memo.of(ada);
        for (int i = 1; i <= 20; i++) { // each login brings a new instance, which takes Ada's slot
            memo.of(ada.withLastLoginAt(T0.plusSeconds(i)));
        }
        for (int i = 0; i < others.size(); i++) {
            assertThat(memo.of(others.get(i))).isSameAs(kept.get(i));
        }
    }

    @Test
    void concurrentReadersOfChangingUsersNeverSeeAnotherInstancesBytes() throws Exception {
        var memo = new RenderedUsers(8); // two buckets: fought over
        var ids = new ArrayList<User>();
        for (int i = 0; i < 12; i++) {
            ids.add(user("U" + i));
        }
        // The instance each user has now; writers replace it with a newer one, as the cache does after a write.
        var current = new AtomicReferenceArray<User>(ids.toArray(new User[0]));
        var failures = new ConcurrentLinkedQueue<String>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                boolean writer = t < 2;
                pool.submit(() -> {
                    var random = ThreadLocalRandom.current();
                    for (int n = 0; n < 20_000; n++) {
                        int i = random.nextInt(current.length());
                        User u = current.get(i);
                        if (writer && n % 10 == 0) {
                            current.set(i, u.update(u.email(), u.name(), u.updatedAt().plusMillis(1)));
                            continue;
                        }
                        var r = memo.of(u);
                        JsonNode body = json(r.json());
                        if (r.user() != u || body.path("version").asLong() != u.version()
                                || !body.path("id").asText().equals(u.id().toString())
                                || !r.etag().get().equals(Preconditions.etag(u))) {
                            failures.add(u.id() + " v" + u.version() + " answered " + body + " " + r.etag().get());
                        }
                    }
                });
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void capacityIsAPowerOfTwoOfAtLeastOneBucket() {
        assertThatThrownBy(() -> new RenderedUsers(2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenderedUsers(12)).isInstanceOf(IllegalArgumentException.class);
    }
}
