package io.celeris.application.service;

import io.celeris.application.PagingSettings;
import io.celeris.application.port.in.ListUsersByOffsetQuery;
import io.celeris.application.port.in.ListUsersByOffsetUseCase;
import io.celeris.application.port.out.UserRepository;
import io.celeris.domain.paging.Page;
import io.celeris.domain.user.InvalidValueException;
import io.celeris.domain.user.User;
import java.util.List;
import java.util.Objects;

/** Numbered pages with an exact total. Deep offsets are refused: they cost a scan of every skipped row. */
public final class ListUsersByOffsetService implements ListUsersByOffsetUseCase {

    private final UserRepository users;
    private final PagingSettings settings;

    /**
     * @param users    where users are stored
     * @param settings page bounds
     */
    public ListUsersByOffsetService(UserRepository users, PagingSettings settings) {
        this.users = Objects.requireNonNull(users, "users");
        this.settings = Objects.requireNonNull(settings, "settings");
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
        long total = users.count();
        List<User> items = offset >= total ? List.of() : users.findPage(request.sort(), offset, request.size());
        return Page.counted(items, total);
    }
}
