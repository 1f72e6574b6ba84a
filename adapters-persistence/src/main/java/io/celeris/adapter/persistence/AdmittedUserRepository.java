package io.celeris.adapter.persistence;

import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Every repository call passes the {@link DatabaseBreaker} (refused at once while the database is known to be
 * down), then waits its turn at the {@link Admission}; connection failures become "unavailable" and open the breaker.
 */
final class AdmittedUserRepository implements UserRepository {

    private final UserRepository delegate;
    private final Admission admission;
    private final DatabaseBreaker breaker;

    AdmittedUserRepository(UserRepository delegate, Admission admission, DatabaseBreaker breaker) {
        this.delegate = delegate;
        this.admission = admission;
        this.breaker = breaker;
    }

    private <T> T guarded(Supplier<T> work) {
        // Before the queue, so that nobody waits for a turn to learn that the database is gone; and again with the
        // turn (inside call), for those who were already waiting when it went.
        breaker.refuseIfOpen();
        return admission.call(() -> breaker.call(work));
    }

    @Override
    public void insert(User user) {
        guarded(() -> {
            delegate.insert(user);
            return null;
        });
    }

    @Override
    public void insertAll(List<User> users) {
        guarded(() -> {
            delegate.insertAll(users);
            return null;
        });
    }

    @Override
    public Optional<User> findById(UserId id) {
        return guarded(() -> delegate.findById(id));
    }

    @Override
    public Optional<User> update(UserId id, Email email, UserName name, Instant at, Precondition precondition) {
        return guarded(() -> delegate.update(id, email, name, at, precondition));
    }

    @Override
    public boolean delete(UserId id, Precondition precondition) {
        return guarded(() -> delegate.delete(id, precondition));
    }

    @Override
    public List<User> findPage(UserFilter filter, Sort sort, long offset, int limit) {
        return guarded(() -> delegate.findPage(filter, sort, offset, limit));
    }

    @Override
    public List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit) {
        return guarded(() -> delegate.findNextTo(filter, sort, cursor, limit));
    }

    @Override
    public long count(UserFilter filter) {
        return guarded(() -> delegate.count(filter));
    }

    @Override
    public OptionalLong estimateCount(UserFilter filter) {
        return guarded(() -> delegate.estimateCount(filter));
    }
}
