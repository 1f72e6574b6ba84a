package io.celeris.application.testing;

import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Direction;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.DuplicateEmailException;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UserSortKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link UserRepository} in a map: the reference the database adapters are held to. */
public final class InMemoryUserRepository implements UserRepository {

    private final Map<UserId, User> rows = new ConcurrentHashMap<>();
    /** How many times {@link #findById} ran: tests of cache behaviour count loads with it. */
    public final AtomicInteger findByIdCalls = new AtomicInteger();
    /** Runs once after the next {@link #count}: a write that lands between a listing's total and its rows. */
    public final java.util.concurrent.atomic.AtomicReference<Runnable> afterNextCount =
            new java.util.concurrent.atomic.AtomicReference<>();

    @Override
    public synchronized void insert(User user) {
        if (rows.values().stream().anyMatch(u -> u.email().equals(user.email()))) {
            throw new DuplicateEmailException(user.email());
        }
        if (rows.putIfAbsent(user.id(), user) != null) {
            throw new IllegalStateException("id taken: " + user.id());
        }
    }

    @Override
    public synchronized void insertAll(List<User> users) {
        var emails = new java.util.HashSet<>();
        for (User u : users) {
            if (!emails.add(u.email()) || rows.values().stream().anyMatch(r -> r.email().equals(u.email()))) {
                throw new DuplicateEmailException(u.email());
            }
        }
        users.forEach(u -> rows.put(u.id(), u));
    }

    @Override
    public Optional<User> findById(UserId id) {
        findByIdCalls.incrementAndGet();
        return Optional.ofNullable(rows.get(id));
    }

    @Override
    public synchronized Optional<User> update(UserId id, Email email, UserName name, Instant at,
                                              Precondition precondition) {
        User current = rows.get(id);
        if (current == null || !precondition.holdsFor(current.version())) {
            return Optional.empty();
        }
        if (rows.values().stream().anyMatch(u -> !u.id().equals(id) && u.email().equals(email))) {
            throw new DuplicateEmailException(email);
        }
        User changed = current.update(email, name, at);
        rows.put(id, changed);
        return Optional.of(changed);
    }

    @Override
    public synchronized boolean delete(UserId id, Precondition precondition) {
        User current = rows.get(id);
        if (current == null || !precondition.holdsFor(current.version())) {
            return false;
        }
        rows.remove(id);
        return true;
    }

    @Override
    public List<User> findPage(UserFilter filter, Sort sort, long offset, int limit) {
        return sorted(filter, sort).stream().skip(offset).limit(limit).toList();
    }

    @Override
    public List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit) {
        List<User> all = sorted(filter, sort);
        if (cursor.isEmpty()) {
            return all.stream().limit(limit).toList();
        }
        Comparator<List<Object>> keys = keyOrder(sort);
        List<Object> edge = cursor.get().keys();
        if (cursor.get().direction() == Cursor.Towards.AFTER) {
            return all.stream().filter(u -> keys.compare(keysOf(u, sort), edge) > 0).limit(limit).toList();
        }
        List<User> before = all.stream().filter(u -> keys.compare(keysOf(u, sort), edge) < 0).toList();
        return before.subList(Math.max(0, before.size() - limit), before.size());
    }

    @Override
    public long count(UserFilter filter) {
        long n = rows.values().stream().filter(filter.asPredicate()).count();
        Runnable after = afterNextCount.getAndSet(null);
        if (after != null) {
            after.run();
        }
        return n;
    }

    @Override
    public OptionalLong estimateCount(UserFilter filter) {
        return OptionalLong.empty();
    }

    private List<User> sorted(UserFilter filter, Sort sort) {
        Comparator<List<Object>> keys = keyOrder(sort);
        var list = new ArrayList<>(rows.values().stream().filter(filter.asPredicate()).toList());
        list.sort((a, b) -> keys.compare(keysOf(a, sort), keysOf(b, sort)));
        return list;
    }

    private static List<Object> keysOf(User u, Sort sort) {
        return UserSortKey.valuesOf(u, sort);
    }

    /** The order every store must agree with: each key in its direction, NULLs last either way. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static Comparator<List<Object>> keyOrder(Sort sort) {
        return (a, b) -> {
            for (int i = 0; i < sort.orders().size(); i++) {
                Object x = a.get(i);
                Object y = b.get(i);
                if (x == null || y == null) {
                    if (x != y) {
                        return x == null ? 1 : -1;
                    }
                    continue;
                }
                int c;
                if (x instanceof UUID ux && y instanceof UUID uy) {
                    c = new UserId(ux).compareTo(new UserId(uy));
                } else {
                    c = ((Comparable) x).compareTo(y);
                }
                if (sort.orders().get(i).direction() == Direction.DESC) {
                    c = -c;
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }
}
