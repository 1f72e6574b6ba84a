package io.celeris.adapter.http;

import io.celeris.domain.paging.Page;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The body of an uncached keyset page: 20 users shaped like the benchmark's seeded rows (a UUID, an ASCII email,
 * a name with and without accents, instants to the microsecond, a third never signed in) and two cursors, written
 * as {@code GET /users?cursor=...} answers it. One instant and one user alone too, to see where the time goes.
 *
 * <pre>./celeris jmh 'PageJsonCost' -f 1 -wi 3 -i 5 -w 1s -r 2s -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PageJsonCost {

    private Page<User> page;
    private Optional<String> next;
    private Optional<String> prev;
    private Instant instant;
    /** The page's instants, as its body writes them (a null last sign-in left out). */
    private Instant[] instants;
    private final byte[] out = new byte[60 * Rfc3339.MAX_UTC_LENGTH];

    @Setup
    public void setUp() {
        var random = new Random(20261130);
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Instant created = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(50_000_000),
                    random.nextInt(1_000_000) * 1_000);
            users.add(new User(new UserId(new UUID(random.nextLong(), random.nextLong())),
                    new Email("linuslamarr" + i + "@example.com"),
                    new UserName(i % 2 == 0 ? "Jos\u00e9 Garc\u00eda" : "Linus Lamarr"), created, created, 1,
                    i % 3 == 0 ? null : created.plusSeconds(random.nextInt(1_000_000))));
        }
        page = Page.keyset(users, Optional.empty(), Optional.empty());
        next = Optional.of("AmENY3JlYXRlZF9hdAGZI4W0YHLai8354N-0Mjnu2w0R8yS3xW1k3Ez9n2bXq0eS8k4xVwQ");
        prev = Optional.of("AmENY3JlYXRlZF9hdAGZI4W0YHLai8354N-0Mjnu2w0R8yS3xW1k3Ez9n2bXq0eS8k4yVwQ");
        instant = users.getFirst().createdAt();
        instants = users.stream()
                .flatMap(u -> Stream.of(u.createdAt(), u.updatedAt(), u.lastLoginAt()))
                .filter(Objects::nonNull)
                .toArray(Instant[]::new);
    }

    @Benchmark
    public byte[] cursorPage() {
        return PageJson.cursor(page, next, prev);
    }

    @Benchmark
    public byte[] oneUser() {
        return UserJson.bytes(page.items().getFirst());
    }

    /** The instants of {@link #cursorPage} written into one buffer, as the page's body writes them. */
    @Benchmark
    public int pageInstants() {
        int at = 0;
        for (Instant t : instants) {
            at = Rfc3339.utc(t, out, at);
        }
        return at;
    }

    @Benchmark
    public String oneInstant() {
        return Rfc3339.utc(instant);
    }
}
