package io.celeris.bootstrap;

import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UuidV7;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Demo users for an empty embedded database, so that the first {@code curl} shows real pages.
 * Deterministic (fixed seed), with repeated names and creation times spread over a year.
 */
final class DemoData {

    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken",
        "Margaret", "Dennis", "Radia", "Tim", "Hedy", "Linus", "Katherine", "John", "Sophie", "Niklaus", "Anita", "Guido"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen",
        "Thompson", "Hamilton", "Ritchie", "Perlman", "Berners-Lee", "Lamarr", "Torvalds", "Johnson", "McCarthy",
        "Wilson", "Wirth", "Borg", "van Rossum"};
    /** The names as they appear before the {@code @}: lower case, without spaces. */
    private static final String[] LOCAL_FIRST = local(FIRST);
    private static final String[] LOCAL_LAST = local(LAST);
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example"};

    private DemoData() {
    }

    private static String[] local(String[] names) {
        var local = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            local[i] = names[i].replace(" ", "").toLowerCase(Locale.ROOT);
        }
        return local;
    }

    static List<User> users(int count, Instant end) {
        var random = new Random(20260101L);
        var users = new ArrayList<User>(count);
        long span = Duration.ofDays(365).toMillis();
        Instant start = end.minusMillis(span);
        for (int i = 0; i < count; i++) {
            // Increasing times with random gaps, so the default order differs from insertion order of names.
            Instant created = start.plusMillis((long) ((double) span * i / Math.max(1, count)) + random.nextInt(1000));
            int f = random.nextInt(FIRST.length);
            int l = random.nextInt(LAST.length);
            String email = LOCAL_FIRST[f] + "." + LOCAL_LAST[l] + "." + i + "@" + DOMAINS[random.nextInt(DOMAINS.length)];
            // Ids from the same seeded source: demo ids need not be unguessable. (It took SecureRandom's compilation,
            // a third of C2's work, off an H2 start, but not its time: the JIT compiles other code instead; 9 starts
            // each, bench/RESULTS.md.)
            User user = User.create(UuidV7.of(created.toEpochMilli(), random), new Email(email),
                    new UserName(FIRST[f] + " " + LAST[l]), created);
            // About a third never signed in; the rest did, some time after joining.
            if (random.nextInt(3) > 0) {
                Instant login = created.plusSeconds(random.nextInt(30 * 24 * 3600));
                user = user.withLastLoginAt(login.isAfter(end) ? end : login);
            }
            users.add(user);
        }
        return users;
    }

    /**
     * Loads the users (made by {@link #users}) if the repository is empty.
     *
     * @return how many were loaded
     */
    static int loadIfEmpty(UserRepository repository, List<User> users) {
        if (users.isEmpty() || repository.count(io.celeris.domain.user.UserFilter.NONE) > 0) {
            return 0;
        }
        for (int from = 0; from < users.size(); from += 5_000) {
            repository.insertAll(users.subList(from, Math.min(users.size(), from + 5_000)));
        }
        return users.size();
    }
}
