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

/** Every repository call waits its turn at the {@link Admission}, and connection failures become "unavailable". */
final class AdmittedUserRepository implements UserRepository {

    private final UserRepository delegate;
    private final Admission admission;

    AdmittedUserRepository(UserRepository delegate, Admission admission) {
        this.delegate = delegate;
        this.admission = admission;
    }

    @Override
    public void insert(User user) {
        admission.call(() -> {
            delegate.insert(user);
            return null;
        });
    }

    @Override
    public void insertAll(List<User> users) {
        admission.call(() -> {
            delegate.insertAll(users);
            return null;
        });
    }

    @Override
    public Optional<User> findById(UserId id) {
        return admission.call(() -> delegate.findById(id));
    }

    @Override
    public Optional<User> update(UserId id, Email email, UserName name, Instant at, Precondition precondition) {
        return admission.call(() -> delegate.update(id, email, name, at, precondition));
    }

    @Override
    public boolean delete(UserId id, Precondition precondition) {
        return admission.call(() -> delegate.delete(id, precondition));
    }

    @Override
    public List<User> findPage(UserFilter filter, Sort sort, long offset, int limit) {
        return admission.call(() -> delegate.findPage(filter, sort, offset, limit));
    }

    @Override
    public List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit) {
        return admission.call(() -> delegate.findNextTo(filter, sort, cursor, limit));
    }

    @Override
    public long count(UserFilter filter) {
        return admission.call(() -> delegate.count(filter));
    }

    @Override
    public OptionalLong estimateCount(UserFilter filter) {
        return admission.call(() -> delegate.estimateCount(filter));
    }
}
