package io.celeris.domain.user;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The domain's part of reading a page of 20 rows: every row read from the database is built into a {@link User}
 * again, and its email and name are checked again as they were on the write (about 5% of an uncached keyset page's
 * Java samples in JFR, 2026-12-02). Rows shaped like {@code ./celeris seed}'s: ASCII emails, names with and without
 * accents.
 *
 * <pre>./celeris jmh 'RowToUserCost' -f 1 -wi 3 -i 5 -w 1s -r 2s -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RowToUserCost {

    private static final String[] FIRST = {"Tim", "Chlo\u00e9", "\u00c5sa", "Zo\u00eb", "Nadia", "Linus", "Jos\u00e9",
        "Grace", "Ada", "Bjarne"};
    private static final String[] LAST = {"Lovelace", "Torvalds", "Lamarr", "Nowak", "van Rossum", "Garc\u00eda",
        "Hopper", "Stroustrup", "Ritchie", "Liskov"};

    private final String[] emails = new String[20];
    private final String[] names = new String[20];
    private final UUID[] ids = new UUID[20];
    private final Instant created = Instant.parse("2025-09-07T09:32:21.123456Z");

    @Setup
    public void setUp() {
        for (int i = 0; i < 20; i++) {
            String first = FIRST[i % FIRST.length];
            String last = LAST[(i * 3) % LAST.length];
            names[i] = first + " " + last;
            emails[i] = (first + "." + last).toLowerCase(java.util.Locale.ROOT).replace(' ', '_')
                    .replace('\u00e9', 'e').replace('\u00e5', 'a').replace('\u00eb', 'e').replace('\u00ed', 'i')
                    + i + "@example.org";
            ids[i] = new UUID(0x01857544ac0774c6L + i, 0x80fa83c1251e50b4L);
        }
    }

    /** The 20 names of a page. */
    @Benchmark
    public int names() {
        int n = 0;
        for (String name : names) {
            n += new UserName(name).value().length();
        }
        return n;
    }

    /** The 20 emails of a page. */
    @Benchmark
    public int emails() {
        int n = 0;
        for (String email : emails) {
            n += new Email(email).value().length();
        }
        return n;
    }

    /** The 20 users of a page, as the persistence adapter builds them from its rows. */
    @Benchmark
    public int users() {
        int n = 0;
        for (int i = 0; i < 20; i++) {
            var user = new User(new UserId(ids[i]), new Email(emails[i]), new UserName(names[i]), created, created, 1,
                    i % 3 == 0 ? null : created);
            n += user.name().value().length();
        }
        return n;
    }
}
