package io.celeris.application.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.DuplicateEmailException;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UserSortKey;
import io.celeris.domain.user.UuidV7;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link UserRepository} must do. One subclass per adapter; the assertions are the same.
 * Orders are checked against the adapter's own full sorted listing, so text collation may differ
 * between databases while keyset pages must still agree with offset pages exactly.
 */
public abstract class UserRepositoryContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    protected UserRepository repo;

    /**
     * @return an empty repository (called before each test)
     */
    protected abstract UserRepository emptyRepository();

    @BeforeEach
    void setUp() {
        repo = emptyRepository();
    }

    protected static User user(int i, String name, Instant created) {
        var id = UuidV7.next(Clock.fixed(created, ZoneOffset.UTC));
        return User.create(id, new Email("user" + i + "@example.com"), new UserName(name), created);
    }

    @Test
    void storesAndFindsAUserExactly() {
        User u = user(1, "Zoë 🚀 Ångström", T0.plusNanos(123_456_789));
        repo.insert(u);
        assertThat(repo.findById(u.id())).contains(u);
        assertThat(repo.count(UserFilter.NONE)).isEqualTo(1);
    }

    @Test
    void instantsComeBackExactlyHoweverOftenTheyAreRead() {
        // Before and after the epochs of Java (1970) and PostgreSQL (2000), to the microsecond, and null.
        Instant[][] times = {
                {Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("1999-12-31T23:59:59.000001Z"), null},
                {Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("1900-03-01T12:34:56.5Z"),
                        Instant.parse("1999-12-31T23:59:59.999999Z")},
                {Instant.parse("2000-01-01T00:00:00.000001Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
                        Instant.parse("1970-01-01T00:00:00Z")},
        };
        List<User> stored = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            User base = user(i, "Instant " + i, T0.plusSeconds(i));
            User u = new User(base.id(), base.email(), base.name(), times[i][0], times[i][1], 1, times[i][2]);
            repo.insert(u);
            stored.add(u);
        }
        // Drivers switch to a server-prepared statement, and PostgreSQL's to binary results, after a few runs.
        for (int run = 0; run < 12; run++) {
            for (User u : stored) {
                assertThat(repo.findById(u.id())).as("run %d", run).contains(u);
            }
            assertThat(repo.findPage(UserFilter.NONE, Sort.parse("created_at", UserSortKey.SORTABLE), 0, 10))
                    .as("run %d", run).containsExactlyInAnyOrderElementsOf(stored);
        }
    }

    @Test
    void findsNothingForAnUnknownId() {
        assertThat(repo.findById(new UserId(UUID.randomUUID()))).isEmpty();
    }

    @Test
    void refusesADuplicateEmailWhateverItsCase() {
        repo.insert(user(1, "A", T0));
        User twin = User.create(UuidV7.next(Clock.systemUTC()), new Email("USER1@Example.COM"), new UserName("B"), T0);
        assertThatThrownBy(() -> repo.insert(twin)).isInstanceOf(DuplicateEmailException.class);
        assertThat(repo.count(UserFilter.NONE)).isEqualTo(1);
    }

    @Test
    void updatesOnlyAtTheExpectedVersion() {
        User u = user(1, "A", T0);
        repo.insert(u);
        Email email = new Email("new@example.com");
        UserName name = new UserName("B");
        User v2 = u.update(email, name, T0.plusSeconds(5));
        assertThat(repo.update(u.id(), email, name, T0.plusSeconds(5), Precondition.oneOf(2))).isEmpty();
        assertThat(repo.findById(u.id())).contains(u);
        assertThat(repo.update(u.id(), email, name, T0.plusSeconds(5), Precondition.oneOf(1))).contains(v2);
        assertThat(repo.findById(u.id())).contains(v2);
        assertThat(repo.update(u.id(), email, name, T0, Precondition.oneOf(1))).isEmpty();
        assertThat(repo.findById(u.id())).contains(v2);
    }

    @Test
    void updateDecidesAListOfVersionsOrAnyVersionAgainstTheStoredOne() {
        User u = user(1, "A", T0);
        repo.insert(u);
        User v2 = u.update(u.email(), new UserName("B"), T0.plusSeconds(1));
        assertThat(repo.update(u.id(), u.email(), v2.name(), T0.plusSeconds(1), Precondition.oneOf(7, 1, 9)))
                .contains(v2);
        assertThat(repo.update(u.id(), u.email(), v2.name(), T0.plusSeconds(2), Precondition.oneOf(1, 3))).isEmpty();
        assertThat(repo.update(u.id(), u.email(), v2.name(), T0.plusSeconds(2), Precondition.oneOf())).isEmpty();
        assertThat(repo.findById(u.id())).contains(v2);
        User v3 = v2.update(v2.email(), new UserName("C"), T0.plusSeconds(3));
        assertThat(repo.update(u.id(), u.email(), v3.name(), T0.plusSeconds(3), Precondition.ANY)).contains(v3);
        User v4 = v3.update(v3.email(), new UserName("D"), T0.plusSeconds(4));
        assertThat(repo.update(u.id(), u.email(), v4.name(), T0.plusSeconds(4), Precondition.NONE)).contains(v4);
        assertThat(repo.findById(u.id())).contains(v4);
    }

    @Test
    void updateAndDeleteDecideIfNoneMatchAgainstTheStoredVersion() {
        User u = user(1, "A", T0);
        repo.insert(u);
        User v2 = u.update(u.email(), new UserName("B"), T0.plusSeconds(1));
        // If-None-Match: * (only if there is none) and a list naming the stored version refuse; others do not.
        assertThat(repo.update(u.id(), u.email(), v2.name(), T0.plusSeconds(1), Precondition.ABSENT)).isEmpty();
        assertThat(repo.update(u.id(), u.email(), v2.name(), T0.plusSeconds(1), new Precondition.NoneOf(Set.of(3L, 1L))))
                .isEmpty();
        assertThat(repo.findById(u.id())).contains(u);
        assertThat(repo.update(u.id(), u.email(), v2.name(), T0.plusSeconds(1), new Precondition.NoneOf(Set.of(2L, 3L))))
                .contains(v2);
        // Both headers: each must hold.
        User v3 = v2.update(v2.email(), new UserName("C"), T0.plusSeconds(2));
        assertThat(repo.update(u.id(), u.email(), v3.name(), T0.plusSeconds(2),
                Precondition.both(Precondition.oneOf(2), new Precondition.NoneOf(Set.of(2L))))).isEmpty();
        assertThat(repo.update(u.id(), u.email(), v3.name(), T0.plusSeconds(2),
                Precondition.both(Precondition.oneOf(1), new Precondition.NoneOf(Set.of(1L))))).isEmpty();
        assertThat(repo.update(u.id(), u.email(), v3.name(), T0.plusSeconds(2),
                Precondition.both(Precondition.oneOf(2), new Precondition.NoneOf(Set.of(1L))))).contains(v3);
        assertThat(repo.delete(u.id(), Precondition.ABSENT)).isFalse();
        assertThat(repo.delete(u.id(), new Precondition.NoneOf(Set.of(3L)))).isFalse();
        assertThat(repo.delete(u.id(), Precondition.both(Precondition.ANY, Precondition.ABSENT))).isFalse();
        assertThat(repo.findById(u.id())).contains(v3);
        assertThat(repo.delete(u.id(), new Precondition.NoneOf(Set.of(1L, 2L)))).isTrue();
        assertThat(repo.count(UserFilter.NONE)).isZero();
    }

    /** The condition and the write are one step: of writers that all saw version 1, exactly one wins. */
    @Test
    void concurrentWritersAtOneVersionHaveOneWinner() throws Exception {
        User u = user(1, "A", T0);
        repo.insert(u);
        int writers = 8;
        var start = new java.util.concurrent.CountDownLatch(1);
        var results = new ArrayList<java.util.concurrent.Future<Optional<User>>>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                UserName name = new UserName("W" + i);
                results.add(pool.submit(() -> {
                    start.await();
                    return repo.update(u.id(), u.email(), name, T0.plusSeconds(1), Precondition.oneOf(1));
                }));
            }
            start.countDown();
            List<User> won = new ArrayList<>();
            for (var r : results) {
                r.get(30, java.util.concurrent.TimeUnit.SECONDS).ifPresent(won::add);
            }
            assertThat(won).hasSize(1);
            assertThat(won.getFirst().version()).isEqualTo(2);
            assertThat(repo.findById(u.id())).contains(won.getFirst());
        }
    }

    @Test
    void updateKeepsWhatItDoesNotChange() {
        User u = user(1, "A", T0).withLastLoginAt(T0.plusSeconds(30));
        repo.insert(u);
        User stored = repo.update(u.id(), u.email(), new UserName("B"), T0.plusSeconds(60), Precondition.NONE)
                .orElseThrow();
        assertThat(stored).isEqualTo(u.update(u.email(), new UserName("B"), T0.plusSeconds(60)));
        assertThat(stored.lastLoginAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(repo.findById(u.id())).contains(stored);
    }

    @Test
    void updateOfAMissingUserChangesNothingWhateverThePrecondition() {
        var ghost = new UserId(UUID.randomUUID());
        for (Precondition p : List.of(Precondition.NONE, Precondition.ANY, Precondition.oneOf(1))) {
            assertThat(repo.update(ghost, new Email("g@example.com"), new UserName("G"), T0, p)).as(p.toString()).isEmpty();
        }
        assertThat(repo.count(UserFilter.NONE)).isZero();
    }

    @Test
    void updateToATakenEmailIsRefused() {
        User a = user(1, "A", T0);
        User b = user(2, "B", T0.plusSeconds(1));
        repo.insert(a);
        repo.insert(b);
        assertThatThrownBy(() -> repo.update(b.id(), a.email(), b.name(), T0, Precondition.oneOf(1)))
                .isInstanceOf(DuplicateEmailException.class);
        assertThat(repo.findById(b.id())).contains(b);
    }

    @Test
    void deletesUnconditionallyOrAtTheExpectedVersion() {
        User a = user(1, "A", T0);
        User b = user(2, "B", T0);
        repo.insert(a);
        repo.insert(b);
        assertThat(repo.delete(a.id(), Precondition.oneOf(7))).isFalse();
        assertThat(repo.findById(a.id())).isPresent();
        assertThat(repo.delete(a.id(), Precondition.oneOf(1))).isTrue();
        assertThat(repo.delete(b.id(), Precondition.NONE)).isTrue();
        assertThat(repo.delete(b.id(), Precondition.NONE)).isFalse();
        assertThat(repo.count(UserFilter.NONE)).isZero();
    }

    @Test
    void deleteDecidesAListOfVersionsOrAnyVersionAgainstTheStoredOne() {
        User a = user(1, "A", T0);
        User b = user(2, "B", T0);
        User c = user(3, "C", T0);
        repo.insert(a);
        repo.insert(b);
        repo.insert(c);
        assertThat(repo.delete(a.id(), Precondition.oneOf(2, 3))).isFalse();
        assertThat(repo.delete(a.id(), Precondition.oneOf())).isFalse();
        assertThat(repo.delete(a.id(), Precondition.oneOf(2, 1))).isTrue();
        assertThat(repo.delete(b.id(), Precondition.ANY)).isTrue();
        assertThat(repo.delete(b.id(), Precondition.ANY)).as("any version, but of a stored user").isFalse();
        assertThat(repo.findById(c.id())).contains(c);
        assertThat(repo.count(UserFilter.NONE)).isEqualTo(1);
    }

    @Test
    void insertAllIsAllOrNothing() {
        List<User> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(user(i, "N" + i, T0.plusSeconds(i)));
        }
        batch.add(User.create(UuidV7.next(Clock.systemUTC()), new Email("user3@example.com"), new UserName("dup"), T0));
        assertThatThrownBy(() -> repo.insertAll(batch)).isInstanceOf(DuplicateEmailException.class);
        assertThat(repo.count(UserFilter.NONE)).isZero();
        repo.insertAll(batch.subList(0, 50));
        assertThat(repo.count(UserFilter.NONE)).isEqualTo(50);
    }

    @Test
    void offsetPagesFollowCreationTimeThenId() {
        // Three users share one timestamp: the id breaks the tie.
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            users.add(user(i, "N", T0.plusSeconds(i < 3 ? 0 : i)));
        }
        repo.insertAll(users);
        var expected = new ArrayList<>(users);
        expected.sort((x, y) -> {
            int c = x.createdAt().compareTo(y.createdAt());
            return c != 0 ? c : x.id().compareTo(y.id());
        });
        Sort sort = UserSortKey.DEFAULT;
        assertThat(repo.findPage(UserFilter.NONE, sort, 0, 100)).containsExactlyElementsOf(expected);
        assertThat(repo.findPage(UserFilter.NONE, sort, 2, 3)).containsExactlyElementsOf(expected.subList(2, 5));
        assertThat(repo.findPage(UserFilter.NONE, sort, 7, 3)).isEmpty();
        assertThat(repo.findPage(UserFilter.NONE, Sort.parse("-created_at", UserSortKey.SORTABLE), 0, 100))
                .as("newest first; the id breaks ties in the same direction")
                .containsExactlyElementsOf(expected.reversed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"created_at", "-created_at", "name", "-name", "email", "name,-created_at", "-name,email"})
    void keysetPagesWalkTheWholeListingBothWays(String sortText) {
        var random = new Random(42);
        List<User> users = new ArrayList<>();
        String[] names = {"alice", "Bob", "bob", "Émile", "zed", "Anna Maria", "x"};
        for (int i = 0; i < 61; i++) {
            // Few distinct names and timestamps: many ties for the id to break.
            Instant created = T0.plus(random.nextInt(10), ChronoUnit.SECONDS);
            users.add(user(i, names[random.nextInt(names.length)], created));
        }
        repo.insertAll(users);
        Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
        List<User> all = repo.findPage(UserFilter.NONE, sort, 0, 1000);
        assertThat(all).hasSize(61).doesNotHaveDuplicates();

        for (int limit : new int[] {1, 7, 20, 61, 100}) {
            List<List<User>> pages = new ArrayList<>();
            Optional<Cursor> cursor = Optional.empty();
            while (true) {
                List<User> page = repo.findNextTo(UserFilter.NONE, sort, cursor, limit);
                if (page.isEmpty()) {
                    break;
                }
                pages.add(page);
                cursor = Optional.of(UserSortKey.cursorAt(page.getLast(), sort, Cursor.Towards.AFTER));
            }
            assertThat(pages.stream().flatMap(List::stream).toList()).as("forward, limit %d", limit)
                    .containsExactlyElementsOf(all);

            // Back from the end: the same pages, from the last to the first (the first may be short).
            List<User> walkedBack = new ArrayList<>();
            cursor = Optional.of(UserSortKey.cursorAt(all.getLast(), sort, Cursor.Towards.AFTER));
            cursor = Optional.of(new Cursor(Cursor.Towards.BEFORE, cursor.get().keys()));
            walkedBack.addAll(0, List.of(all.getLast()));
            while (true) {
                List<User> page = repo.findNextTo(UserFilter.NONE, sort, cursor, limit);
                if (page.isEmpty()) {
                    break;
                }
                assertThat(page.size()).isLessThanOrEqualTo(limit);
                walkedBack.addAll(0, page);
                cursor = Optional.of(UserSortKey.cursorAt(page.getFirst(), sort, Cursor.Towards.BEFORE));
            }
            assertThat(walkedBack).as("backward, limit %d", limit).containsExactlyElementsOf(all);
        }
    }

    @Test
    void countsEveryUser() {
        for (int i = 0; i < 13; i++) {
            repo.insert(user(i, "N", T0));
        }
        assertThat(repo.count(UserFilter.NONE)).isEqualTo(13);
    }

    /** Any bound a filter can hold (RFC 3339's years 0000 to 9999) is one every store can query with. */
    @Test
    void filtersAtTheEdgesOfTheirRangeQueryEveryStore() {
        repo.insert(user(1, "Edge", T0));
        var widest = new UserFilter(Optional.empty(), Optional.empty(), Optional.of(UserFilter.EARLIEST),
                Optional.of(UserFilter.LATEST));
        assertThat(repo.count(widest)).isEqualTo(1);
        assertThat(repo.findPage(widest, UserSortKey.DEFAULT, 0, 10)).hasSize(1);
        assertThat(repo.findNextTo(widest, UserSortKey.DEFAULT, Optional.empty(), 10)).hasSize(1);
        var nothing = new UserFilter(Optional.empty(), Optional.empty(), Optional.of(UserFilter.LATEST),
                Optional.of(UserFilter.EARLIEST));
        assertThat(repo.count(nothing)).isZero();
        assertThat(repo.findNextTo(nothing, UserSortKey.DEFAULT, Optional.empty(), 10)).isEmpty();
        var before = new UserFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(UserFilter.EARLIEST));
        assertThat(repo.findPage(before, UserSortKey.DEFAULT, 0, 10)).isEmpty();
    }

    /**
     * The unfiltered count stays exact under concurrent inserts and deletes (some refused: duplicate emails,
     * missing users, failed preconditions, a batch with a duplicate): afterwards it equals what a filter
     * matching everyone counts row by row, and what the writers expect.
     */
    @Test
    void countStaysExactUnderConcurrentInsertsAndDeletes() throws Exception {
        int writers = 12;
        int perWriter = 30;
        List<User> doomed = new ArrayList<>();
        for (int i = 0; i < writers * perWriter / 2; i++) {
            doomed.add(user(100_000 + i, "Doomed", T0));
        }
        repo.insertAll(doomed);
        for (int w = 0; w < writers; w++) {
            repo.insert(user(200_000 + w, "Keeper", T0));
        }
        var start = new java.util.concurrent.CountDownLatch(1);
        var futures = new ArrayList<java.util.concurrent.Future<Integer>>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    start.await();
                    int change = 0;
                    for (int i = 0; i < perWriter; i++) {
                        User mine = user(writer * 1_000 + i, "W", T0.plusSeconds(i));
                        repo.insert(mine);
                        change++;
                        // Another writer's keeper's email: refused, and must not count.
                        assertThatThrownBy(() -> repo.insert(user(200_000 + (writer + 1) % writers, "Dup", T0)))
                                .isInstanceOf(DuplicateEmailException.class);
                        if (i % 2 == 0) {
                            User victim = doomed.get(writer * perWriter / 2 + i / 2);
                            assertThat(repo.delete(victim.id(), Precondition.oneOf(victim.version() + 1))).isFalse();
                            assertThat(repo.delete(victim.id(), Precondition.NONE)).isTrue();
                            change--;
                            assertThat(repo.delete(victim.id(), Precondition.ANY)).isFalse();
                        } else if (i % 3 == 0) {
                            assertThat(repo.delete(mine.id(), Precondition.oneOf(mine.version()))).isTrue();
                            change--;
                        }
                        if (i == perWriter - 1) {
                            User batchDup = user(writer * 1_000 + 500, "B", T0);
                            assertThatThrownBy(() -> repo.insertAll(List.of(batchDup, user(writer * 1_000, "B", T0))))
                                    .isInstanceOf(DuplicateEmailException.class);
                            repo.insertAll(List.of(batchDup, user(writer * 1_000 + 501, "B", T0)));
                            change += 2;
                        }
                    }
                    return change;
                }));
            }
            start.countDown();
            long expected = doomed.size() + writers;
            for (var f : futures) {
                expected += f.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            UserFilter everyone = new UserFilter(Optional.empty(), Optional.empty(),
                    Optional.of(T0.minusSeconds(1)), Optional.empty());
            assertThat(repo.count(everyone)).as("counted row by row").isEqualTo(expected);
            assertThat(repo.count(UserFilter.NONE)).as("the kept count").isEqualTo(expected);
            assertThat(repo.findPage(UserFilter.NONE, Sort.parse("created_at", UserSortKey.SORTABLE), 0, 10_000)).hasSize((int) expected);
        }
    }

    // ---- Properties over random data: duplicate names, NULL last_login_at, equal timestamps. ----

    private static final String[] NAMES = {"alice", "Bob", "bob", "Émile", "zed", "Anna Maria", "x", "O'Brien", "ann_a", "an%na"};
    private static final String[] DOMAINS = {"example.com", "example.org", "mail.example"};

    /** Random users whose sort keys collide often: few names, few instants, many absent logins. */
    protected static List<User> randomUsers(Random random, int count, int firstIndex) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant created = T0.plus(random.nextInt(15), ChronoUnit.SECONDS);
            int n = firstIndex + i;
            var email = new Email("p" + n + "@" + DOMAINS[random.nextInt(DOMAINS.length)]);
            User u = User.create(new UserId(UUID.randomUUID()), email, new UserName(NAMES[random.nextInt(NAMES.length)]), created);
            if (random.nextInt(10) >= 3) {
                u = u.withLastLoginAt(created.plus(random.nextInt(5), ChronoUnit.MINUTES));
            }
            users.add(u);
        }
        return users;
    }

    static List<String> sortsUnderTest() {
        return List.of("created_at", "-created_at", "name", "-name", "email", "-email", "last_login_at", "-last_login_at",
                "name,-created_at", "-name,email", "last_login_at,name", "-last_login_at,-created_at", "created_at,last_login_at");
    }

    private static final java.util.Set<String> COLLATION_FREE = java.util.Set.of("created_at", "last_login_at", "id");

    @ParameterizedTest
    @org.junit.jupiter.params.provider.MethodSource("sortsUnderTest")
    void keysetWalksMatchTheOrderByQueryForRandomData(String sortText) {
        var random = new Random(sortText.hashCode());
        List<User> users = randomUsers(random, 97, 0);
        repo.insertAll(users);
        Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
        var order = InMemoryUserRepository.keyOrder(sort);
        List<User> all = repo.findPage(UserFilter.NONE, sort, 0, 10_000);
        assertThat(all).hasSize(users.size()).doesNotHaveDuplicates();
        // NULLs last, and where no text is compared the database's order is exactly the reference order.
        for (int i = 1; i < all.size(); i++) {
            var prevKeys = UserSortKey.cursorAt(all.get(i - 1), sort, Cursor.Towards.AFTER).keys();
            var keys = UserSortKey.cursorAt(all.get(i), sort, Cursor.Towards.AFTER).keys();
            if (prevKeys.getFirst() == null) {
                assertThat(keys.getFirst()).as("NULLs come last").isNull();
            }
        }
        if (sort.orders().stream().allMatch(o -> COLLATION_FREE.contains(o.property()))) {
            assertThat(all).isSortedAccordingTo((a, b) -> order.compare(
                    UserSortKey.cursorAt(a, sort, Cursor.Towards.AFTER).keys(),
                    UserSortKey.cursorAt(b, sort, Cursor.Towards.AFTER).keys()));
        }
        for (int limit : new int[] {1, 5, 16, 97}) {
            List<List<User>> pages = walkForward(UserFilter.NONE, sort, limit);
            assertThat(pages.stream().flatMap(List::stream).toList()).as("forward by %d", limit).containsExactlyElementsOf(all);
            // Back from each page: exactly the page before it, in the same order.
            for (int p = pages.size() - 1; p > 0; p--) {
                var before = UserSortKey.cursorAt(pages.get(p).getFirst(), sort, Cursor.Towards.BEFORE);
                assertThat(repo.findNextTo(UserFilter.NONE, sort, Optional.of(before), limit))
                        .as("page %d back by %d", p, limit).containsExactlyElementsOf(pages.get(p - 1));
            }
            var beforeFirst = UserSortKey.cursorAt(all.getFirst(), sort, Cursor.Towards.BEFORE);
            assertThat(repo.findNextTo(UserFilter.NONE, sort, Optional.of(beforeFirst), limit)).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"name_prefix=an", "name_prefix=an%", "name_prefix=ann_", "name_prefix=b", "email_domain=example.org",
        "created_after=5", "created_before=7", "created_after=3&created_before=9", "name_prefix=a&email_domain=mail.example"})
    void filtersSelectExactlyTheMatchingUsersInEveryPage(String spec) {
        var random = new Random(spec.hashCode());
        List<User> users = randomUsers(random, 120, 0);
        repo.insertAll(users);
        UserFilter filter = parseFilter(spec);
        var expectedIds = users.stream().filter(filter.asPredicate()).map(User::id).collect(java.util.stream.Collectors.toSet());
        for (String sortText : List.of("created_at", "-last_login_at", "name")) {
            Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
            List<User> all = repo.findPage(filter, sort, 0, 10_000);
            assertThat(all.stream().map(User::id).toList()).as(spec + " " + sortText).containsExactlyInAnyOrderElementsOf(expectedIds);
            assertThat(repo.count(filter)).isEqualTo(expectedIds.size());
            assertThat(walkForward(filter, sort, 7).stream().flatMap(List::stream).toList()).containsExactlyElementsOf(all);
        }
    }

    @Test
    void writesDuringAWalkNeverDuplicateOrSkipRowsThatStayed() {
        var random = new Random(7);
        List<User> initial = randomUsers(random, 80, 0);
        repo.insertAll(initial);
        for (String sortText : List.of("created_at", "-name", "last_login_at")) {
            Sort sort = Sort.parse(sortText, UserSortKey.SORTABLE);
            var stayed = new java.util.HashSet<UserId>();
            repo.findPage(UserFilter.NONE, sort, 0, 10_000).forEach(u -> stayed.add(u.id()));
            List<UserId> walked = new ArrayList<>();
            Optional<Cursor> cursor = Optional.empty();
            int extra = 1000 + sortText.length() * 100;
            while (true) {
                List<User> page = repo.findNextTo(UserFilter.NONE, sort, cursor, 6);
                if (page.isEmpty()) {
                    break;
                }
                page.forEach(u -> walked.add(u.id()));
                cursor = Optional.of(UserSortKey.cursorAt(page.getLast(), sort, Cursor.Towards.AFTER));
                // Between pages others write: new rows anywhere in the order, and deletions.
                for (User u : randomUsers(random, 2, extra)) {
                    repo.insert(u);
                }
                extra += 2;
                var present = repo.findPage(UserFilter.NONE, sort, 0, 10_000);
                User victim = present.get(random.nextInt(present.size()));
                if (repo.delete(victim.id(), Precondition.NONE)) {
                    stayed.remove(victim.id());
                }
            }
            assertThat(walked).as(sortText).doesNotHaveDuplicates();
            assertThat(walked).as(sortText).containsAll(stayed);
        }
    }

    private List<List<User>> walkForward(UserFilter filter, Sort sort, int limit) {
        List<List<User>> pages = new ArrayList<>();
        Optional<Cursor> cursor = Optional.empty();
        while (true) {
            List<User> page = repo.findNextTo(filter, sort, cursor, limit);
            if (page.isEmpty()) {
                return pages;
            }
            assertThat(page.size()).isLessThanOrEqualTo(limit);
            pages.add(page);
            cursor = Optional.of(UserSortKey.cursorAt(page.getLast(), sort, Cursor.Towards.AFTER));
        }
    }

    private static UserFilter parseFilter(String spec) {
        Optional<String> prefix = Optional.empty();
        Optional<String> domain = Optional.empty();
        Optional<Instant> after = Optional.empty();
        Optional<Instant> before = Optional.empty();
        for (String part : spec.split("&")) {
            String[] kv = part.split("=", 2);
            switch (kv[0]) {
                case "name_prefix" -> prefix = Optional.of(kv[1]);
                case "email_domain" -> domain = Optional.of(kv[1]);
                case "created_after" -> after = Optional.of(T0.plusSeconds(Long.parseLong(kv[1])));
                case "created_before" -> before = Optional.of(T0.plusSeconds(Long.parseLong(kv[1])));
                default -> throw new IllegalArgumentException(part);
            }
        }
        return new UserFilter(prefix, domain, after, before);
    }
}
