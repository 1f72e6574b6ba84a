package io.celeris.adapter.persistence;

import io.celeris.application.ReadYourWrites;
import io.celeris.application.StoreUnavailableException;
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
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The users on a primary with a read replica: everything goes to the primary, except the reads of
 * {@link #replica()}, which go to the replica when it can answer them (in rotation, and past the position the request
 * requires), else to the primary; a replica read that fails is asked again of the primary, so a replica going down
 * costs a client no error.
 */
final class ReplicatedUserRepository implements UserRepository {

    private static final Logger LOG = Logger.getLogger(ReplicatedUserRepository.class.getName());

    private final UserRepository primary;
    private final ReadReplica replica;
    private final UserRepository reads = new ReplicaReads();

    ReplicatedUserRepository(UserRepository primary, ReadReplica replica) {
        this.primary = primary;
        this.replica = replica;
    }

    @Override
    public UserRepository replica() {
        return reads;
    }

    @Override
    public void insert(User user) {
        primary.insert(user);
    }

    @Override
    public void insertAll(List<User> users) {
        primary.insertAll(users);
    }

    @Override
    public Optional<User> findById(UserId id) {
        return primary.findById(id);
    }

    @Override
    public Optional<User> update(UserId id, Email email, UserName name, Instant at, Precondition precondition) {
        return primary.update(id, email, name, at, precondition);
    }

    @Override
    public boolean delete(UserId id, Precondition precondition) {
        return primary.delete(id, precondition);
    }

    @Override
    public List<User> findPage(UserFilter filter, Sort sort, long offset, int limit) {
        return primary.findPage(filter, sort, offset, limit);
    }

    @Override
    public List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit) {
        return primary.findNextTo(filter, sort, cursor, limit);
    }

    @Override
    public long count(UserFilter filter) {
        return primary.count(filter);
    }

    @Override
    public OptionalLong estimateCount(UserFilter filter) {
        return primary.estimateCount(filter);
    }

    /** Reads from the replica when it can answer them; writes to the primary. */
    private final class ReplicaReads implements UserRepository {

        private <T> T read(Function<UserRepository, T> work) {
            var required = ReadYourWrites.required();
            required.ifPresent(replica::requireKnown);
            if (replica.serves(required)) {
                try {
                    T answer = work.apply(replica.users());
                    replica.served();
                    return answer;
                } catch (StoreUnavailableException e) {
                    // Reads change nothing: asking the primary again is safe. The replica's breaker opened (and said
                    // so) if it was a connection failure; the next reads skip the replica until its probe reconnects.
                } catch (RuntimeException e) {
                    // Anything else (a query cancelled by a recovery conflict, ...) is asked again of the primary too.
                    LOG.warning(() -> "read replica failed a read, asking the primary: " + e);
                }
            }
            replica.fellBack();
            return work.apply(primary);
        }

        @Override
        public UserRepository replica() {
            return this;
        }

        @Override
        public void insert(User user) {
            primary.insert(user);
        }

        @Override
        public void insertAll(List<User> users) {
            primary.insertAll(users);
        }

        @Override
        public Optional<User> findById(UserId id) {
            return read(r -> r.findById(id));
        }

        @Override
        public Optional<User> update(UserId id, Email email, UserName name, Instant at, Precondition precondition) {
            return primary.update(id, email, name, at, precondition);
        }

        @Override
        public boolean delete(UserId id, Precondition precondition) {
            return primary.delete(id, precondition);
        }

        @Override
        public List<User> findPage(UserFilter filter, Sort sort, long offset, int limit) {
            return read(r -> r.findPage(filter, sort, offset, limit));
        }

        @Override
        public List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit) {
            return read(r -> r.findNextTo(filter, sort, cursor, limit));
        }

        @Override
        public long count(UserFilter filter) {
            return read(r -> r.count(filter));
        }

        @Override
        public OptionalLong estimateCount(UserFilter filter) {
            return read(r -> r.estimateCount(filter));
        }
    }
}
