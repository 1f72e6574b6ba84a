package io.celeris.adapter.http;

import io.celeris.application.PagingSettings;
import io.celeris.domain.user.UserSortKey;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.InvalidValueException;
import io.celeris.domain.user.UserFilter;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the query of {@code GET /users} into a {@link ListQuery}, or refuses it with a 400
 * ({@code invalid-parameter}, {@code unsupported-sort}) before anything is looked up: unknown names,
 * repeated parameters, numbers out of range, dates that are not RFC 3339 or that no store can hold, and
 * a mix of offset and cursor parameters.
 */
final class ListQueryParser {

    private static final Set<String> PARAMETERS = Set.of("page", "size", "count", "limit", "cursor", "sort",
            "name_prefix", "email_domain", "created_after", "created_before");
    /** Longest unknown name quoted back in a problem: enough to recognise a typo, not an echo chamber. */
    private static final int QUOTED_NAME = 64;

    private final PagingSettings paging;
    private final CountMode defaultCount;

    /**
     * @param paging       page size bounds
     * @param defaultCount how offset pages count when the client does not say
     */
    ListQueryParser(PagingSettings paging, CountMode defaultCount) {
        this.paging = Objects.requireNonNull(paging, "paging");
        this.defaultCount = Objects.requireNonNull(defaultCount, "defaultCount");
    }

    /**
     * @param rawQuery the query as sent (still percent-encoded), without the {@code ?}
     * @return what it asks for
     * @throws ProblemException 400 for anything that is not a valid listing query
     * @throws io.celeris.domain.paging.UnsupportedSortException 400 for an unknown or repeated sort key
     */
    ListQuery parse(String rawQuery) {
        QueryParameters query = QueryParameters.parse(rawQuery);
        for (String name : query.names()) {
            if (!PARAMETERS.contains(name)) {
                String shown = name.length() > QUOTED_NAME ? name.substring(0, QUOTED_NAME) + "…" : name;
                throw ProblemException.badParameter(shown, "is not supported; use page & size (& count), or limit &"
                        + " cursor, with sort, name_prefix, email_domain, created_after, created_before");
            }
        }
        Sort sort = query.contains("sort") ? Sort.parse(query.single("sort"), UserSortKey.SORTABLE) : UserSortKey.DEFAULT;
        UserFilter filter = filter(query);
        if (query.contains("page") || query.contains("size") || query.contains("count")) {
            if (query.contains("limit") || query.contains("cursor")) {
                throw ProblemException.badParameter(query.contains("cursor") ? "cursor" : "limit",
                        "cannot be combined with page/size: choose offset or cursor pagination");
            }
            long page = query.contains("page") ? number(query, "page", 1, Long.MAX_VALUE) : 1;
            int size = (int) (query.contains("size") ? number(query, "size", 1, paging.maxLimit()) : paging.defaultLimit());
            if (page - 1 > paging.maxOffset() / size) {
                // An out-of-range parameter like any other (the listing's service refuses it too, as a domain rule).
                throw ProblemException.badParameter("page", "must start within the first " + paging.maxOffset()
                        + " rows ((page - 1) * size); use cursor pagination (limit, cursor) to read deeper");
            }
            CountMode count = query.contains("count") ? countMode(query.single("count")) : defaultCount;
            return new ListQuery.ByOffset(sort, filter, page, size, count);
        }
        int limit = (int) (query.contains("limit") ? number(query, "limit", 1, paging.maxLimit()) : paging.defaultLimit());
        Optional<String> cursor = query.contains("cursor") ? Optional.of(query.single("cursor")) : Optional.empty();
        return new ListQuery.ByCursor(sort, filter, limit, cursor);
    }

    private static UserFilter filter(QueryParameters query) {
        Optional<String> namePrefix = query.contains("name_prefix") ? Optional.of(query.single("name_prefix")) : Optional.empty();
        Optional<String> emailDomain = query.contains("email_domain") ? Optional.of(query.single("email_domain")) : Optional.empty();
        Optional<Instant> after = query.contains("created_after") ? Optional.of(instant(query, "created_after")) : Optional.empty();
        Optional<Instant> before = query.contains("created_before") ? Optional.of(instant(query, "created_before")) : Optional.empty();
        try {
            return new UserFilter(namePrefix, emailDomain, after, before);
        } catch (InvalidValueException e) {
            // The filter's own rules, about a query parameter here: the same type as every other parameter error.
            String rule = e.getMessage().startsWith(e.field() + " ") ? e.getMessage().substring(e.field().length() + 1)
                    : e.getMessage();
            throw ProblemException.badParameter(e.field(), rule);
        }
    }

    /** An RFC 3339 date-time that every store can hold (years 0000 to 9999 in UTC), checked before any query. */
    private static Instant instant(QueryParameters query, String name) {
        Instant t = Rfc3339.parse(query.single(name)).orElse(null);
        if (t == null || !UserFilter.isInRange(t)) {
            throw ProblemException.badParameter(name, "must be an RFC 3339 date-time from " + UserFilter.EARLIEST
                    + " to " + UserFilter.LATEST + ", such as 2026-01-31T12:00:00Z");
        }
        return t;
    }

    private static CountMode countMode(String text) {
        return switch (text) {
            case "exact" -> CountMode.EXACT;
            case "estimated" -> CountMode.ESTIMATED;
            case "none" -> CountMode.NONE;
            default -> throw ProblemException.badParameter("count", "must be exact, estimated or none");
        };
    }

    private static long number(QueryParameters query, String name, long min, long max) {
        String text = query.single(name);
        // ASCII digits only: Long.parseLong would also take '+' and other scripts' digits. Nineteen digits may still
        // pass Long.MAX_VALUE: parseLong refuses those.
        if (text.isEmpty() || text.length() > 19 || !digits(text)) {
            throw notANumber(name, min, max);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw notANumber(name, min, max);
        }
        if (value < min || value > max) {
            throw notANumber(name, min, max);
        }
        return value;
    }

    private static boolean digits(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Built when refused only: every listing reads one or two numbers. */
    private static ProblemException notANumber(String name, long min, long max) {
        return ProblemException.badParameter(name, "must be a whole number from " + min + " to " + max);
    }
}
