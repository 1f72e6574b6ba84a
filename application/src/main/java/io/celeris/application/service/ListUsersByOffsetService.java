package io.celeris.application.service;

import io.celeris.application.port.out.FirstPage;
import io.celeris.application.PagingSettings;
import io.celeris.application.ReadYourWrites;
import io.celeris.application.port.in.ListUsersByOffsetQuery;
import io.celeris.application.port.in.ListUsersByOffsetUseCase;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.Page;
import io.celeris.domain.user.InvalidValueException;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Numbered pages with a total. Deep offsets are refused: they cost a scan of every skipped row.
 * The unfiltered exact total is the store's kept count, read afresh for every request (concurrent requests share
 * one read that began after they arrived, {@link FreshRead}); filtered exact totals come from
 * a short-lived cache that every write empties, so a busy first page is not a {@code COUNT(*)} per request;
 * estimated totals come from the database's statistics.
 */
public final class ListUsersByOffsetService implements ListUsersByOffsetUseCase {

    private final UserRepository users;
    private final UserCaches caches;
    private final PagingSettings settings;
    private final FreshRead<Long> unfilteredTotal;

    /**
     * @param users    where users are stored
     * @param caches   exact totals by filter (short-lived) and first pages; both emptied on every write
     * @param settings page bounds
     */
    public ListUsersByOffsetService(UserRepository users, UserCaches caches, PagingSettings settings) {
        this.users = Objects.requireNonNull(users, "users");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.settings = Objects.requireNonNull(settings, "settings");
        // Shared only by requests without a consistency token (those read where their token allows, unshared).
        this.unfilteredTotal = new FreshRead<>(() -> users.replica().count(UserFilter.NONE));
    }

    @Override
    public Page<User> list(ListUsersByOffsetQuery query) {
        var request = query.request();
        if (request.size() > settings.maxLimit()) {
            throw new InvalidValueException("size", "must be between 1 and " + settings.maxLimit());
        }
        long offset;
        try {
            offset = request.offset();
        } catch (ArithmeticException e) {
            offset = Long.MAX_VALUE;
        }
        if (offset > settings.maxOffset()) {
            throw new InvalidValueException("page", "must start within the first " + settings.maxOffset()
                    + " rows (page * size); use cursor pagination (limit, cursor) to read deeper");
        }
        UserFilter filter = query.filter();
        // What is not cached may come from a copy of the store (within its lag, or as new as the client's token);
        // what is cached is filled from the store itself, and a client's token keeps the caches out of its read
        // (see GetUserService).
        UserRepository copy = users.replica();
        boolean bypass = ReadYourWrites.required().isPresent();
        OptionalLong total = OptionalLong.empty();
        boolean estimate = false;
        if (query.count() == CountMode.ESTIMATED) {
            total = copy.estimateCount(filter);
            estimate = total.isPresent();
        }
        if (query.count() == CountMode.EXACT || query.count() == CountMode.ESTIMATED && total.isEmpty()) {
            // The store keeps the unfiltered total exact and cheap to read (UserRepository#count): a read that
            // began after this request arrived makes a write visible on every instance at once, and concurrent
            // requests without a token share one. Filtered totals are counted, so cached.
            if (filter.isEmpty()) {
                total = OptionalLong.of(bypass ? copy.count(filter) : unfilteredTotal.get());
            } else {
                total = OptionalLong.of(bypass || !caches.totals().stores() ? copy.count(filter)
                        : caches.totals().get(filter, users::count));
            }
        }
        boolean pastTheEnd = !estimate && total.isPresent() && offset >= total.getAsLong();
        List<User> items;
        if (pastTheEnd) {
            items = List.of();
        } else if (offset == 0 && !bypass && caches.firstPages().stores()) {
            items = caches.firstPages().get(new FirstPage(FirstPage.Kind.OFFSET, filter, request.sort(), request.size()),
                    k -> List.copyOf(users.findPage(k.filter(), k.sort(), 0, k.rows())));
        } else {
            items = copy.findPage(filter, request.sort(), offset, request.size());
        }
        // The total and the rows are two reads: a write that lands between them (or a cached first page another
        // instance's write has not reached yet) would answer "14 rows, total 13". Both again from the store, until
        // they agree as one moment's would; a page that is full and not past the end costs nothing more.
        for (int again = 0; again < RE_READS && !estimate && total.isPresent()
                && !agree(total.getAsLong(), offset, request.size(), items.size()); again++) {
            items = copy.findPage(filter, request.sort(), offset, request.size());
            total = OptionalLong.of(copy.count(filter));
        }
        return Page.offset(items, total, estimate);
    }

    /** Reads of the store, both rows and total, after the first reads disagreed. */
    private static final int RE_READS = 2;

    /**
     * @return whether {@code rows} rows at {@code offset} of pages of {@code size} can be one moment's listing of
     *         {@code total} users: a full page leaves at least that many, a short one ends the listing, an empty one
     *         starts at or past its end
     */
    static boolean agree(long total, long offset, int size, int rows) {
        if (rows == size) {
            return total >= offset + size;
        }
        if (rows == 0 && offset > 0) {
            return total <= offset;
        }
        return total == offset + rows;
    }
}
