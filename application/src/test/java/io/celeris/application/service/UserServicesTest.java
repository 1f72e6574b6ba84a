package io.celeris.application.service;

import io.celeris.application.port.out.FirstPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.application.PagingSettings;
import io.celeris.application.port.in.CacheOutcome;
import io.celeris.application.port.in.CreateUserCommand;
import io.celeris.application.port.in.DeleteUserCommand;
import io.celeris.application.port.in.ListUsersByCursorQuery;
import io.celeris.application.port.in.ListUsersByOffsetQuery;
import io.celeris.application.port.in.UpdateUserCommand;
import io.celeris.application.testing.InMemoryUserRepository;
import io.celeris.application.testing.MapCache;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.PageRequest;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.InvalidValueException;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UserNotFoundException;
import io.celeris.domain.user.UserSortKey;
import io.celeris.domain.user.VersionMismatchException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UserServicesTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final InMemoryUserRepository repo = new InMemoryUserRepository();
    private final MapCache<UserId, User> cache = new MapCache<>();
    private final MapCache<UserFilter, Long> totals = new MapCache<>();
    private final MapCache<UserId, Boolean> misses = new MapCache<>();
    private final MapCache<FirstPage, List<User>> firstPages = new MapCache<>();
    private final UserCaches caches = new UserCaches(cache, misses, totals, firstPages);
    private final CreateUserService create = new CreateUserService(repo, caches, clock);
    private final GetUserService get = new GetUserService(repo, caches);
    private final UpdateUserService update = new UpdateUserService(repo, caches, clock);
    private final DeleteUserService delete = new DeleteUserService(repo, caches);
    private final PagingSettings paging = new PagingSettings(20, 50, 100);

    @Test
    void createStoresAVersionOneUserStampedWithTheClock() {
        User u = create.create(CreateUserCommand.of(" Ada@Example.org ", " Ada Lovelace "));
        assertThat(u.version()).isEqualTo(1);
        assertThat(u.email().value()).isEqualTo("ada@example.org");
        assertThat(u.name().value()).isEqualTo("Ada Lovelace");
        assertThat(u.createdAt()).isEqualTo(clock.instant()).isEqualTo(u.updatedAt());
        assertThat(u.id().value().version()).isEqualTo(7);
        assertThat(repo.findById(u.id())).contains(u);
    }

    @Test
    void getReadsThroughTheCacheOnce() {
        User u = create.create(CreateUserCommand.of("a@example.org", "A"));
        repo.findByIdCalls.set(0);
        assertThat(get.get(u.id()).outcome()).isEqualTo(CacheOutcome.MISS_STORED);
        assertThat(get.get(u.id()).outcome()).isEqualTo(CacheOutcome.HIT);
        assertThat(get.get(u.id()).user()).isEqualTo(u);
        assertThat(repo.findByIdCalls).hasValue(1);
    }

    @Test
    void getWithoutACacheSaysUncached() {
        User u = create.create(CreateUserCommand.of("a@example.org", "A"));
        var uncached = new GetUserService(repo, UserCaches.none());
        assertThat(uncached.get(u.id()).outcome()).isEqualTo(CacheOutcome.UNCACHED);
        assertThat(uncached.get(u.id()).outcome()).isEqualTo(CacheOutcome.UNCACHED);
    }

    @Test
    void aMissingUserIsRememberedBrieflyUntilTheNextCreate() {
        var id = new UserId(UUID.randomUUID());
        repo.findByIdCalls.set(0);
        assertThatThrownBy(() -> get.get(id)).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> get.get(id)).isInstanceOf(UserNotFoundException.class);
        assertThat(repo.findByIdCalls).as("the second 404 came from the negative cache").hasValue(1);
        assertThat(cache.getIfPresent(id)).isEmpty();
        create.create(CreateUserCommand.of("new@example.org", "N"));
        assertThatThrownBy(() -> get.get(id)).isInstanceOf(UserNotFoundException.class);
        assertThat(repo.findByIdCalls).as("a create empties the negative cache").hasValue(2);
    }

    @Test
    void updateBumpsTheVersionAndDropsTheCachedCopy() {
        User u = create.create(CreateUserCommand.of("a@example.org", "A"));
        get.get(u.id());
        clock.advance(Duration.ofSeconds(3));
        User v2 = update.update(new UpdateUserCommand(u.id(), new Email("b@example.org"), new UserName("B"), Precondition.oneOf(1)));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.updatedAt()).isEqualTo(clock.instant());
        assertThat(v2.createdAt()).isEqualTo(u.createdAt());
        assertThat(cache.getIfPresent(u.id())).isEmpty();
        assertThat(get.get(u.id()).user()).isEqualTo(v2);
    }

    @Test
    void updateAtAStaleVersionIsRefused() {
        User u = create.create(CreateUserCommand.of("a@example.org", "A"));
        assertThatThrownBy(() -> update.update(new UpdateUserCommand(u.id(), u.email(), new UserName("B"), Precondition.oneOf(5))))
                .isInstanceOfSatisfying(VersionMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(Precondition.oneOf(5));
                    assertThat(e.current()).isEqualTo(1);
                });
        assertThat(repo.findById(u.id())).contains(u);
    }

    @Test
    void preconditionsAreDecidedAgainstTheStoreNotTheCachedCopy() {
        User u = create.create(CreateUserCommand.of("a@example.org", "A"));
        get.get(u.id());
        // Another instance moves the user to version 2; this instance's cache still holds version 1.
        repo.update(u.id(), u.email(), new UserName("Elsewhere"), clock.instant(), Precondition.NONE);
        assertThat(cache.getIfPresent(u.id()).map(User::version)).contains(1L);

        assertThat(update.update(new UpdateUserCommand(u.id(), u.email(), new UserName("Any"), Precondition.ANY))
                .version()).isEqualTo(3);
        assertThat(update.update(new UpdateUserCommand(u.id(), u.email(), new UserName("List"),
                Precondition.oneOf(1, 3))).version()).isEqualTo(4);
        assertThatThrownBy(() -> update.update(new UpdateUserCommand(u.id(), u.email(), new UserName("Stale"),
                Precondition.oneOf(3))))
                .isInstanceOfSatisfying(VersionMismatchException.class,
                        e -> assertThat(e.current()).as("the store's version").isEqualTo(4));
        assertThatThrownBy(() -> delete.delete(new DeleteUserCommand(u.id(), Precondition.oneOf(1, 2, 3))))
                .isInstanceOfSatisfying(VersionMismatchException.class, e -> assertThat(e.current()).isEqualTo(4));
        delete.delete(new DeleteUserCommand(u.id(), Precondition.ANY));
        assertThat(repo.findById(u.id())).isEmpty();
    }

    @Test
    void anyVersionOfAMissingUserIsNotFound() {
        var id = new UserId(UUID.randomUUID());
        assertThatThrownBy(() -> update.update(new UpdateUserCommand(id, new Email("a@b.cd"), new UserName("x"),
                Precondition.ANY))).isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> delete.delete(new DeleteUserCommand(id, Precondition.ANY)))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void updateOrDeleteOfAMissingUserIsNotFound() {
        var id = new UserId(UUID.randomUUID());
        assertThatThrownBy(() -> update.update(new UpdateUserCommand(id, new Email("a@b.cd"), new UserName("x"), Precondition.NONE)))
                .isInstanceOf(UserNotFoundException.class);
        assertThatThrownBy(() -> delete.delete(new DeleteUserCommand(id, Precondition.NONE)))
                .isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void deleteHonoursTheVersionAndDropsTheCachedCopy() {
        User u = create.create(CreateUserCommand.of("a@example.org", "A"));
        get.get(u.id());
        assertThatThrownBy(() -> delete.delete(new DeleteUserCommand(u.id(), Precondition.oneOf(2))))
                .isInstanceOf(VersionMismatchException.class);
        delete.delete(new DeleteUserCommand(u.id(), Precondition.oneOf(1)));
        assertThat(cache.getIfPresent(u.id())).isEmpty();
        assertThatThrownBy(() -> get.get(u.id())).isInstanceOf(UserNotFoundException.class);
    }

    @Test
    void offsetPagesCountAndStopAtTheEnd() {
        seed(45);
        var list = new ListUsersByOffsetService(repo, caches, paging);
        var p1 = list.list(offsetQuery(1, 20));
        assertThat(p1.items()).hasSize(20);
        assertThat(p1.total()).hasValue(45);
        var p3 = list.list(offsetQuery(3, 20));
        assertThat(p3.items()).hasSize(5);
        var p9 = list.list(offsetQuery(6, 20));
        assertThat(p9.items()).isEmpty();
        assertThat(p9.total()).hasValue(45);
    }

    @Test
    void offsetPagesRefuseOversizeAndTooDeep() {
        var list = new ListUsersByOffsetService(repo, caches, paging);
        assertThatThrownBy(() -> list.list(offsetQuery(1, 51)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("50");
        assertThatThrownBy(() -> list.list(offsetQuery(7, 20)))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("cursor");
        assertThatThrownBy(() -> list.list(offsetQuery(Long.MAX_VALUE, 20)))
                .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void cursorPagesLinkBothWays() {
        List<User> all = seed(45);
        var list = new ListUsersByCursorService(repo, caches, paging);
        var first = list.list(query(20, Optional.empty()));
        assertThat(first.items()).containsExactlyElementsOf(all.subList(0, 20));
        assertThat(first.previous()).isEmpty();
        assertThat(first.next()).isPresent();

        var second = list.list(query(20, first.next()));
        assertThat(second.items()).containsExactlyElementsOf(all.subList(20, 40));
        var third = list.list(query(20, second.next()));
        assertThat(third.items()).containsExactlyElementsOf(all.subList(40, 45));
        assertThat(third.next()).isEmpty();

        var backToSecond = list.list(query(20, third.previous()));
        assertThat(backToSecond.items()).containsExactlyElementsOf(second.items());
        assertThat(backToSecond.previous()).isPresent();
        var backToFirst = list.list(query(20, backToSecond.previous()));
        assertThat(backToFirst.items()).containsExactlyElementsOf(first.items());
        assertThat(backToFirst.previous()).isEmpty();
        assertThat(backToFirst.next()).isPresent();
    }

    @Test
    void firstPagesAreServedFromTheCacheUntilAWriteDropsThemAll() {
        List<User> all = seed(30);
        var byCursor = new ListUsersByCursorService(repo, caches, paging);
        var byOffset = new ListUsersByOffsetService(repo, caches, paging);
        assertThat(byCursor.list(query(10, Optional.empty())).items()).containsExactlyElementsOf(all.subList(0, 10));
        assertThat(byOffset.list(offsetQuery(1, 10)).items()).containsExactlyElementsOf(all.subList(0, 10));
        assertThat(firstPages.size()).isEqualTo(2);

        // Behind the services' back: the cached first pages do not see it, deeper pages do.
        User first = all.getFirst();
        repo.delete(first.id(), Precondition.NONE);
        assertThat(byCursor.list(query(10, Optional.empty())).items()).first().isEqualTo(first);
        assertThat(byOffset.list(offsetQuery(1, 10)).items()).first().isEqualTo(first);
        assertThat(byOffset.list(offsetQuery(2, 10)).items()).containsExactlyElementsOf(all.subList(11, 21));

        // A write through a service drops every first page.
        User renamed = update.update(new UpdateUserCommand(all.get(1).id(), all.get(1).email(),
                new UserName("Renamed"), Precondition.NONE));
        assertThat(firstPages.size()).isZero();
        assertThat(byCursor.list(query(10, Optional.empty())).items()).first().isEqualTo(renamed);
        assertThat(byOffset.list(offsetQuery(1, 10)).items()).first().isEqualTo(renamed);

        clock.advance(Duration.ofMillis(1));
        User created = create.create(CreateUserCommand.of("last@example.org", "Last"));
        var sortedNewestFirst = new ListUsersByCursorQuery(new PageRequest.Keyset(5, Optional.empty(),
                io.celeris.domain.paging.Sort.parse("-created_at", UserSortKey.SORTABLE)), UserFilter.NONE);
        assertThat(byCursor.list(sortedNewestFirst).items()).first().isEqualTo(created);
        delete.delete(new DeleteUserCommand(created.id(), Precondition.NONE));
        assertThat(byCursor.list(sortedNewestFirst).items()).doesNotContain(created);
    }

    @Test
    void cursorLimitAboveTheBoundIsRefused() {
        var list = new ListUsersByCursorService(repo, caches, paging);
        assertThatThrownBy(() -> list.list(query(51, Optional.empty())))
                .isInstanceOf(InvalidValueException.class).hasMessageContaining("limit");
    }

    private static ListUsersByCursorQuery query(int limit, Optional<Cursor> cursor) {
        return new ListUsersByCursorQuery(new PageRequest.Keyset(limit, cursor, UserSortKey.DEFAULT), UserFilter.NONE);
    }

    private static ListUsersByOffsetQuery offsetQuery(long page, int size) {
        return new ListUsersByOffsetQuery(new PageRequest.Offset(page, size, UserSortKey.DEFAULT), UserFilter.NONE,
                CountMode.EXACT);
    }

    @Test
    void filteredExactTotalsAreCachedUntilTheNextWrite() {
        seed(3);
        var list = new ListUsersByOffsetService(repo, caches, paging);
        var filter = new UserFilter(Optional.empty(), Optional.of("example.org"), Optional.empty(), Optional.empty());
        var query = new ListUsersByOffsetQuery(new PageRequest.Offset(1, 20, UserSortKey.DEFAULT), filter, CountMode.EXACT);
        assertThat(list.list(query).total()).hasValue(3);
        repo.insert(User.create(new UserId(UUID.randomUUID()), new Email("behind@example.org"), new UserName("B"),
                clock.instant()));
        assertThat(list.list(query).total()).as("cached").hasValue(3);
        create.create(CreateUserCommand.of("through@example.org", "T"));
        assertThat(list.list(query).total()).as("a write empties the cache").hasValue(5);
    }

    @Test
    void theUnfilteredExactTotalIsTheStoresEveryTime() {
        seed(3);
        var list = new ListUsersByOffsetService(repo, caches, paging);
        assertThat(list.list(offsetQuery(1, 20)).total()).hasValue(3);
        // Written behind the service's back, as another instance would: no cache of this one hears of it.
        repo.insert(User.create(new UserId(UUID.randomUUID()), new Email("behind@example.org"), new UserName("B"),
                clock.instant()));
        var page = list.list(offsetQuery(1, 20));
        assertThat(page.total()).as("not cached").hasValue(4);
        assertThat(page.items()).as("the cached first page, behind the store, read again to agree").hasSize(4);
        assertThat(totals.size()).as("nothing kept for the unfiltered listing").isZero();
    }

    @Test
    void aWriteBetweenTheTotalAndTheRowsIsNotAnAnswerThatDisagreesWithItself() {
        seed(3);
        var list = new ListUsersByOffsetService(repo, caches, paging);
        User late = User.create(new UserId(UUID.randomUUID()), new Email("late@example.org"), new UserName("L"),
                clock.instant());
        repo.afterNextCount.set(() -> repo.insert(late));
        var page = list.list(offsetQuery(1, 20));
        assertThat(page.items()).as("the rows, read after the write").hasSize(4).contains(late);
        assertThat(page.total()).as("was 3, read before it: '4 rows, total 3'").hasValue(4);

        var filter = new UserFilter(Optional.empty(), Optional.of("example.org"), Optional.empty(), Optional.empty());
        var filtered = new ListUsersByOffsetQuery(new PageRequest.Offset(1, 20, UserSortKey.DEFAULT), filter,
                CountMode.EXACT);
        assertThat(list.list(filtered).total()).hasValue(4);
        // Deleted behind the service's back: the cached total (4) and the cached rows agree, so they are served.
        repo.delete(late.id(), Precondition.NONE);
        assertThat(list.list(filtered).items()).hasSize(4);
        // Written through the service while the total is being read: its drop of the caches lands in between.
        create.create(CreateUserCommand.of("first@example.org", "F"));
        repo.afterNextCount.set(() -> create.create(CreateUserCommand.of("through@example.org", "T")));
        var again = list.list(filtered);
        assertThat(again.total()).hasValue(again.items().size());
        assertThat(again.items()).hasSize(5);
    }

    @Test
    void aTotalAgreesWithItsRowsAsOneMomentsListingWould() {
        assertThat(ListUsersByOffsetService.agree(100, 0, 20, 20)).as("a full page of a longer listing").isTrue();
        assertThat(ListUsersByOffsetService.agree(20, 0, 20, 20)).as("a full page that ends it").isTrue();
        assertThat(ListUsersByOffsetService.agree(19, 0, 20, 20)).as("fewer than the page shows").isFalse();
        assertThat(ListUsersByOffsetService.agree(53, 40, 20, 13)).as("a short last page").isTrue();
        assertThat(ListUsersByOffsetService.agree(54, 40, 20, 13)).as("a short page, one more counted").isFalse();
        assertThat(ListUsersByOffsetService.agree(52, 40, 20, 13)).as("a short page, one fewer counted").isFalse();
        assertThat(ListUsersByOffsetService.agree(40, 40, 20, 0)).as("empty, at the end").isTrue();
        assertThat(ListUsersByOffsetService.agree(7, 40, 20, 0)).as("empty, past the end").isTrue();
        assertThat(ListUsersByOffsetService.agree(41, 40, 20, 0)).as("empty, though one is counted there").isFalse();
        assertThat(ListUsersByOffsetService.agree(0, 0, 20, 0)).as("an empty listing").isTrue();
        assertThat(ListUsersByOffsetService.agree(1, 0, 20, 0)).as("an empty first page, one counted").isFalse();
    }

    @Test
    void estimatedTotalsFallBackToExactWhereTheStoreHasNoStatistics() {
        seed(4);
        var list = new ListUsersByOffsetService(repo, caches, paging);
        var page = list.list(new ListUsersByOffsetQuery(new PageRequest.Offset(1, 2, UserSortKey.DEFAULT),
                UserFilter.NONE, CountMode.ESTIMATED));
        assertThat(page.total()).hasValue(4);
        assertThat(page.totalIsEstimate()).isFalse();
        var none = list.list(new ListUsersByOffsetQuery(new PageRequest.Offset(1, 2, UserSortKey.DEFAULT),
                UserFilter.NONE, CountMode.NONE));
        assertThat(none.total()).isEmpty();
        assertThat(none.items()).hasSize(2);
    }

    private List<User> seed(int n) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofMillis(1));
            users.add(create.create(CreateUserCommand.of("u" + i + "@example.org", "U" + i)));
        }
        return users;
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
