package io.celeris.application.port.out;

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

/**
 * Where users are stored. Every method is one transaction; when it returns, the change is committed.
 * Sort properties are those of {@link io.celeris.domain.user.UserSortKey}; an adapter maps
 * them to columns from a fixed table and never splices request text into a query.
 */
public interface UserRepository {

    /**
     * Stores a new user.
     *
     * @param user the user
     * @throws io.celeris.domain.user.DuplicateEmailException when the email is taken
     */
    void insert(User user);

    /**
     * Stores many new users in one go (demo data, seeding); all or none.
     *
     * @param users the users
     * @throws io.celeris.domain.user.DuplicateEmailException when an email is taken
     */
    void insertAll(List<User> users);

    /**
     * @param id the id
     * @return the user, if stored
     */
    Optional<User> findById(UserId id);

    /**
     * Replaces a user's email and name, if it is stored and {@code precondition} holds for its stored
     * version, as {@link User#update} does (the version grows by one). The condition is decided in the
     * same atomic step as the write: no other change can come between them.
     *
     * @param id           the user
     * @param email        the new email
     * @param name         the new name
     * @param at           time of the change
     * @param precondition the condition on the stored version
     * @return the user as stored by this change, or empty when nothing was changed (the user is missing,
     *         or the precondition does not hold)
     * @throws io.celeris.domain.user.DuplicateEmailException when the new email is taken
     */
    Optional<User> update(UserId id, Email email, UserName name, Instant at, Precondition precondition);

    /**
     * Deletes a user, if it is stored and {@code precondition} holds for its stored version, decided in
     * the same atomic step as the delete.
     *
     * @param id           the id
     * @param precondition the condition on the stored version
     * @return false when nothing was deleted (the user is missing, or the precondition does not hold)
     */
    boolean delete(UserId id, Precondition precondition);

    /**
     * An offset page: skips {@code offset} rows of the sorted, filtered listing, returns up to {@code limit}.
     *
     * @param filter which users
     * @param sort   total order
     * @param offset rows to skip
     * @param limit  rows to return at most
     * @return the rows, in sort order
     */
    List<User> findPage(UserFilter filter, Sort sort, long offset, int limit);

    /**
     * A keyset page: up to {@code limit} rows next to the cursor, on the side it names (or the first
     * rows when there is no cursor), always returned in sort order. The rows BEFORE a cursor are the
     * {@code limit} nearest to it. NULL sort-key values come last in both directions.
     *
     * @param filter which users
     * @param sort   total order
     * @param cursor position, or empty for the start
     * @param limit  rows to return at most
     * @return the rows, in sort order
     */
    List<User> findNextTo(UserFilter filter, Sort sort, Optional<Cursor> cursor, int limit);

    /**
     * How many users match, with every write that has returned counted. Callers read the unfiltered
     * number ({@link UserFilter#isEmpty()}) per request, uncached: a store should answer it without reading
     * every user (the SQL adapter keeps it in the transaction of every insert and delete).
     *
     * @param filter which users
     * @return how many users match, exactly
     */
    long count(UserFilter filter);

    /**
     * @param filter which users
     * @return how many users match by the store's statistics (instant, approximate), or empty when the
     *         store keeps none
     */
    OptionalLong estimateCount(UserFilter filter);

    /**
     * This store's users as a copy of it may answer reads: a read replica that lags behind the store, but never
     * behind the commit position the current request requires ({@link io.celeris.application.ReadYourWrites}); the
     * store itself whenever the copy cannot answer (it is down, too far behind, or behind that position). Writes
     * through it go to the store. Use it for reads whose answer is not cached: a cache filled from a lagging copy
     * would keep an old value past the write that dropped it.
     *
     * @return the reads from a copy; by default this store itself (it keeps no copy)
     */
    default UserRepository replica() {
        return this;
    }
}
