package io.celeris.application.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.CommitPosition;
import io.celeris.application.PagingSettings;
import io.celeris.application.ReadYourWrites;
import io.celeris.application.port.in.CacheOutcome;
import io.celeris.application.port.in.ListUsersByCursorQuery;
import io.celeris.application.port.in.ListUsersByOffsetQuery;
import io.celeris.application.port.out.FirstPage;
import io.celeris.application.port.out.UserRepository;
import io.celeris.application.testing.InMemoryUserRepository;
import io.celeris.application.testing.MapCache;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.PageRequest;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UserSortKey;
import io.celeris.domain.user.UuidV7;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The use cases with a store that keeps a lagging copy: the copy holds the users as they were before a rename. What
 * the caches keep is filled from the store itself; uncached reads may come from the copy; a read that requires a
 * position (a client's token) never gets a cached value. The fake copy answers such a read as the store does (as the
 * persistence adapter does when its replica is behind the token).
 */
class ReadYourWritesServicesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private static final Optional<CommitPosition> TOKEN = Optional.of(CommitPosition.parse("0/1"));

    private final InMemoryUserRepository store = new InMemoryUserRepository();
    private final InMemoryUserRepository lagging = new InMemoryUserRepository();
    private final UserRepository withCopy = withCopy(store, lagging);
    private final MapCache<UserId, User> byId = new MapCache<>();
    private final MapCache<FirstPage, List<User>> firstPages = new MapCache<>();
    private final UserCaches caches = new UserCaches(byId, new MapCache<>(), new MapCache<>(), firstPages);
    private final PagingSettings paging = new PagingSettings(20, 50, 100);
    private final User a = user("a@example.org", "Ada", 0);
    private final User b = user("b@example.org", "Bob", 1);
    private final User bRenamed;

    ReadYourWritesServicesTest() {
        store.insertAll(List.of(a, b));
        lagging.insertAll(List.of(a, b));
        bRenamed = store.update(b.id(), b.email(), new UserName("Bob Renamed"), CLOCK.instant().plusSeconds(5), Precondition.NONE)
                .orElseThrow();
    }

    @Test
    void theCacheIsFilledFromTheStoreNeverFromTheCopy() {
        var get = new GetUserService(withCopy, caches);
        assertThat(get.get(b.id()).user()).isEqualTo(bRenamed);
        assertThat(byId.getIfPresent(b.id())).contains(bRenamed);
        var firstPage = new ListUsersByCursorService(withCopy, caches, paging).list(cursorQuery());
        assertThat(firstPage.items()).containsExactly(a, bRenamed);
    }

    @Test
    void withoutACacheAReadMayComeFromTheCopy() {
        var get = new GetUserService(withCopy, UserCaches.none());
        assertThat(get.get(b.id()).user()).as("the copy lags").isEqualTo(b);
        var offset = new ListUsersByOffsetService(withCopy, caches, paging);
        var second = offset.list(new ListUsersByOffsetQuery(new PageRequest.Offset(2, 1, UserSortKey.DEFAULT),
                UserFilter.NONE, CountMode.NONE));
        assertThat(second.items()).as("pages past the first are not cached: from the copy").containsExactly(b);
    }

    @Test
    void aReadWithATokenIsNeverAnsweredFromTheCache() {
        byId.put(b.id(), b);
        firstPages.put(new FirstPage(FirstPage.Kind.CURSOR, UserFilter.NONE, UserSortKey.DEFAULT, 21), List.of(a, b));
        var get = new GetUserService(withCopy, caches);
        assertThat(get.get(b.id()).user()).as("without a token the cache answers").isEqualTo(b);
        try (var scope = ReadYourWrites.open(TOKEN)) {
            var lookup = get.get(b.id());
            assertThat(lookup.user()).isEqualTo(bRenamed);
            assertThat(lookup.outcome()).isEqualTo(CacheOutcome.BYPASSED);
            assertThat(new ListUsersByCursorService(withCopy, caches, paging).list(cursorQuery()).items())
                    .containsExactly(a, bRenamed);
            assertThat(new ListUsersByOffsetService(withCopy, caches, paging).list(new ListUsersByOffsetQuery(
                    new PageRequest.Offset(1, 20, UserSortKey.DEFAULT), UserFilter.NONE, CountMode.EXACT))
                    .items()).containsExactly(a, bRenamed);
        }
        assertThat(byId.getIfPresent(b.id())).as("a token read stores nothing").contains(b);
    }

    private static ListUsersByCursorQuery cursorQuery() {
        return new ListUsersByCursorQuery(new PageRequest.Keyset(20, Optional.empty(), UserSortKey.DEFAULT),
                UserFilter.NONE);
    }

    private static User user(String email, String name, int second) {
        Clock at = Clock.offset(CLOCK, java.time.Duration.ofSeconds(second));
        return User.create(UuidV7.next(at), new Email(email), new UserName(name), at.instant());
    }

    /**
     * The store, whose {@link UserRepository#replica()} reads the lagging copy, except for a read that requires a
     * position: the copy is behind any, so the store answers.
     */
    private static UserRepository withCopy(UserRepository store, UserRepository copy) {
        UserRepository copyReads = (UserRepository) Proxy.newProxyInstance(UserRepository.class.getClassLoader(),
                new Class<?>[] {UserRepository.class}, (proxy, method, args) -> {
                    if (method.getName().equals("replica")) {
                        return proxy;
                    }
                    return method.invoke(ReadYourWrites.required().isPresent() ? store : copy, args);
                });
        return (UserRepository) Proxy.newProxyInstance(UserRepository.class.getClassLoader(),
                new Class<?>[] {UserRepository.class}, (proxy, method, args) -> method.getName().equals("replica")
                        ? copyReads : method.invoke(store, args));
    }
}
