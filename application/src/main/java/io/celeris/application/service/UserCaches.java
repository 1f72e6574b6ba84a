package io.celeris.application.service;

import io.celeris.application.port.out.FirstPage;
import io.celeris.application.port.out.CachePort;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import java.util.List;
import java.util.Objects;

/**
 * The caches the user use cases keep, and the one policy that keeps them honest: every committed write
 * drops what it made stale.
 *
 * @param byId   users by id (read-through)
 * @param misses ids known to be absent, kept briefly so that a flood of 404s does not reach the database
 * @param totals     exact listing totals by filter, kept briefly
 * @param firstPages the rows of first pages of listings; every write drops them all (a new or changed user
 *                   may enter, leave or move within any of them)
 */
public record UserCaches(CachePort<UserId, User> byId, CachePort<UserId, Boolean> misses,
                         CachePort<UserFilter, Long> totals, CachePort<FirstPage, List<User>> firstPages) {

    public UserCaches {
        Objects.requireNonNull(byId, "byId");
        Objects.requireNonNull(misses, "misses");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(firstPages, "firstPages");
    }

    /**
     * Without a cache of first pages.
     *
     * @param byId   users by id
     * @param misses ids known to be absent
     * @param totals exact listing totals by filter
     */
    public UserCaches(CachePort<UserId, User> byId, CachePort<UserId, Boolean> misses,
                      CachePort<UserFilter, Long> totals) {
        this(byId, misses, totals, CachePort.none());
    }

    /**
     * @return caches that hold nothing
     */
    public static UserCaches none() {
        return new UserCaches(CachePort.none(), CachePort.none(), CachePort.none(), CachePort.none());
    }

    /** After a committed create: an id may no longer be missing, every total grew, any first page may change. */
    void created() {
        misses.invalidateAll();
        totals.invalidateAll();
        firstPages.invalidateAll();
    }

    /**
     * After a committed (or possibly committed) update or delete of one user.
     *
     * @param id the user
     */
    void changed(UserId id) {
        byId.invalidate(id);
        totals.invalidateAll();
        firstPages.invalidateAll();
    }

    /** Drops everything (operations: after a bulk load, or on request). */
    public void clear() {
        byId.invalidateAll();
        misses.invalidateAll();
        totals.invalidateAll();
        firstPages.invalidateAll();
    }
}
