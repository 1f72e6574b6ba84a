package io.celeris.application.service;

import io.celeris.application.PagingSettings;
import io.celeris.application.ReadYourWrites;
import io.celeris.application.port.in.ListUsersByCursorQuery;
import io.celeris.application.port.in.ListUsersByCursorUseCase;
import io.celeris.application.port.out.FirstPage;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Page;
import io.celeris.domain.user.InvalidValueException;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserSortKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Keyset pages: reads one row more than asked to learn whether another page follows, and points the
 * cursors at the edge rows, so the cost does not depend on depth.
 */
public final class ListUsersByCursorService implements ListUsersByCursorUseCase {

    private final UserRepository users;
    private final UserCaches caches;
    private final PagingSettings settings;

    /**
     * @param users    where users are stored
     * @param caches   first pages (dropped on every write)
     * @param settings page bounds
     */
    public ListUsersByCursorService(UserRepository users, UserCaches caches, PagingSettings settings) {
        this.users = Objects.requireNonNull(users, "users");
        this.caches = Objects.requireNonNull(caches, "caches");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Page<User> list(ListUsersByCursorQuery query) {
        var request = query.request();
        int limit = request.limit();
        if (limit > settings.maxLimit()) {
            throw new InvalidValueException("limit", "must be between 1 and " + settings.maxLimit());
        }
        var sort = request.sort();
        Optional<Cursor> cursor = request.cursor();
        // Pages past the first are not cached: they may come from a copy of the store (within its lag, or as new as
        // the client's token). First pages are cached, so filled from the store itself, unless the client's token
        // keeps the cache out of the read (see GetUserService).
        List<User> rows = cursor.isPresent() || ReadYourWrites.required().isPresent() || !caches.firstPages().stores()
                ? users.replica().findNextTo(query.filter(), sort, cursor, limit + 1)
                : caches.firstPages().get(new FirstPage(FirstPage.Kind.CURSOR, query.filter(), sort, limit + 1),
                        k -> List.copyOf(users.findNextTo(k.filter(), k.sort(), Optional.empty(), k.rows())));
        boolean more = rows.size() > limit;
        boolean backward = cursor.map(c -> c.direction() == Cursor.Towards.BEFORE).orElse(false);
        List<User> items = new ArrayList<>(rows);
        if (more) {
            // The extra row is the one farthest from the cursor.
            if (backward) {
                items.removeFirst();
            } else {
                items.removeLast();
            }
        }
        if (items.isEmpty()) {
            // Nothing on this side; the way back is the cursor's own row.
            Optional<Cursor> back = cursor.map(c -> new Cursor(
                    backward ? Cursor.Towards.AFTER : Cursor.Towards.BEFORE, c.keys()));
            return backward ? Page.keyset(items, back, Optional.empty()) : Page.keyset(items, Optional.empty(), back);
        }
        boolean hasNext = backward || more;
        boolean hasPrev = backward ? more : cursor.isPresent();
        return Page.keyset(items,
                hasNext ? Optional.of(UserSortKey.cursorAt(items.getLast(), sort, Cursor.Towards.AFTER)) : Optional.empty(),
                hasPrev ? Optional.of(UserSortKey.cursorAt(items.getFirst(), sort, Cursor.Towards.BEFORE)) : Optional.empty());
    }
}
