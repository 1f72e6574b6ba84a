package io.celeris.adapter.http;

import io.celeris.application.PagingSettings;
import io.celeris.application.port.in.CreateUserCommand;
import io.celeris.application.port.in.CreateUserUseCase;
import io.celeris.application.port.in.DeleteUserCommand;
import io.celeris.application.port.in.DeleteUserUseCase;
import io.celeris.application.port.in.GetUserUseCase;
import io.celeris.application.port.in.ListUsersByCursorQuery;
import io.celeris.application.port.in.ListUsersByCursorUseCase;
import io.celeris.application.port.in.ListUsersByOffsetQuery;
import io.celeris.application.port.in.ListUsersByOffsetUseCase;
import io.celeris.application.port.in.UpdateUserCommand;
import io.celeris.application.port.in.UpdateUserUseCase;
import io.celeris.application.port.in.UserLookup;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Page;
import io.celeris.domain.paging.PageRequest;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UserSortKey;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /users}: create, read, replace, delete, and list by offset or by cursor. */
public final class UsersHttpService implements HttpService {

    static final HeaderName CACHE_STATUS = HeaderNames.create("Cache-Status");
    private static final Set<String> LIST_PARAMETERS = Set.of("page", "size", "count", "limit", "cursor", "sort",
            "name_prefix", "email_domain", "created_after", "created_before");

    private final CreateUserUseCase create;
    private final GetUserUseCase get;
    private final UpdateUserUseCase update;
    private final DeleteUserUseCase delete;
    private final ListUsersByOffsetUseCase listByOffset;
    private final ListUsersByCursorUseCase listByCursor;
    private final PagingSettings paging;
    private final CursorCodec cursors;
    private final CountMode defaultCount;
    private final String cacheControl;

    /**
     * @param create       create use case
     * @param get          get use case
     * @param update       update use case
     * @param delete       delete use case
     * @param listByOffset offset listing use case
     * @param listByCursor cursor listing use case
     * @param settings     adapter settings
     */
    public UsersHttpService(CreateUserUseCase create, GetUserUseCase get, UpdateUserUseCase update,
                            DeleteUserUseCase delete, ListUsersByOffsetUseCase listByOffset,
                            ListUsersByCursorUseCase listByCursor, HttpSettings settings) {
        this.create = create;
        this.get = get;
        this.update = update;
        this.delete = delete;
        this.listByOffset = listByOffset;
        this.listByCursor = listByCursor;
        this.paging = settings.paging();
        this.cursors = new CursorCodec(settings.cursorSecret(), settings.previousCursorSecret());
        this.defaultCount = settings.defaultCount();
        this.cacheControl = settings.maxAge() > 0 ? "private, max-age=" + settings.maxAge() : "private, no-cache";
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::getOne)
                .put("/{id}", this::replace)
                .delete("/{id}", this::remove)
                // Registered last: a known path with another method (405, with Allow) or OPTIONS (204).
                .any("/", (req, res) -> notAllowed(req, res, "GET, POST"))
                .any("/{id}", (req, res) -> notAllowed(req, res, "GET, PUT, DELETE"));
    }

    private static void notAllowed(ServerRequest req, ServerResponse res, String allow) {
        if (req.prologue().method() == Method.OPTIONS) {
            res.header(HeaderNames.ALLOW, allow + ", OPTIONS");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        res.header(HeaderNames.ALLOW, allow);
        Problems.send(req, res, new Problem(Status.METHOD_NOT_ALLOWED_405, "method-not-allowed", "Method not allowed",
                req.prologue().method().text() + " is not allowed here; allowed: " + allow,
                req.prologue().uriPath().rawPath(), java.util.List.of()));
    }

    private void create(ServerRequest req, ServerResponse res) {
        UserJson.In in = UserJson.in(jsonBody(req));
        User user = create.create(CreateUserCommand.of(in.email(), in.name()));
        res.status(Status.CREATED_201);
        res.header(HeaderNames.LOCATION, "/users/" + user.id());
        sendUser(res, user);
    }

    private void getOne(ServerRequest req, ServerResponse res) {
        UserLookup lookup = get.get(UserId.parse(req.path().pathParameters().get("id")));
        res.header(CACHE_STATUS, cacheStatus(lookup));
        res.header(HeaderNames.CACHE_CONTROL, cacheControl);
        String etag = Preconditions.etag(lookup.user());
        Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && Preconditions.noneMatchFails(ifNoneMatch.get(), etag)) {
            res.header(HeaderNames.ETAG, etag);
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        sendUser(res, lookup.user());
    }

    /** RFC 9211: which tier answered; a miss went forward to the database (and was stored, when caching). */
    static String cacheStatus(UserLookup lookup) {
        return switch (lookup.outcome()) {
            case HIT -> (lookup.tier() == null ? "celeris" : "celeris-" + lookup.tier()) + "; hit"
                    + (lookup.stale() ? "; detail=stale-if-error" : "");
            case MISS_STORED -> "celeris; fwd=miss; stored";
            case UNCACHED -> "celeris; fwd=miss";
        };
    }

    private void replace(ServerRequest req, ServerResponse res) {
        UserId id = UserId.parse(req.path().pathParameters().get("id"));
        Precondition precondition = precondition(req);
        UserJson.In in = UserJson.in(jsonBody(req));
        User user = update.update(new UpdateUserCommand(id, new Email(in.email()), new UserName(in.name()), precondition));
        sendUser(res, user);
    }

    private void remove(ServerRequest req, ServerResponse res) {
        UserId id = UserId.parse(req.path().pathParameters().get("id"));
        delete.delete(new DeleteUserCommand(id, precondition(req)));
        res.status(Status.NO_CONTENT_204).send();
    }

    /** If-Match, carried to the use case, which decides it against the stored row (never a cached copy). */
    private static Precondition precondition(ServerRequest req) {
        return req.headers().first(HeaderNames.IF_MATCH).map(Preconditions::ifMatch).orElse(Precondition.NONE);
    }

    private void list(ServerRequest req, ServerResponse res) {
        UriQuery query = req.query();
        for (String name : query.names()) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw ProblemException.badParameter(name, "is not supported; use page & size (& count), or limit & cursor,"
                        + " with sort, name_prefix, email_domain, created_after, created_before");
            }
        }
        Sort sort = query.contains("sort") ? Sort.parse(single(query, "sort"), UserSortKey.SORTABLE) : UserSortKey.DEFAULT;
        UserFilter filter = filter(query);
        boolean offsetMode = query.contains("page") || query.contains("size") || query.contains("count");
        if (offsetMode) {
            listByOffset(query, sort, filter, res);
        } else {
            listByCursor(query, sort, filter, res);
        }
    }

    private void listByOffset(UriQuery query, Sort sort, UserFilter filter, ServerResponse res) {
        if (query.contains("limit") || query.contains("cursor")) {
            throw ProblemException.badParameter(query.contains("cursor") ? "cursor" : "limit",
                    "cannot be combined with page/size: choose offset or cursor pagination");
        }
        long page = query.contains("page") ? number(query, "page", 1, Long.MAX_VALUE) : 1;
        int size = (int) (query.contains("size") ? number(query, "size", 1, paging.maxLimit()) : paging.defaultLimit());
        CountMode count = query.contains("count") ? countMode(single(query, "count")) : defaultCount;
        Page<User> result = listByOffset.list(new ListUsersByOffsetQuery(new PageRequest.Offset(page, size, sort), filter, count));
        var body = new LinkedHashMap<String, Object>();
        body.put("items", result.items().stream().map(UserJson::out).toList());
        body.put("page", page);
        body.put("size", size);
        body.put("total", result.total().isPresent() ? result.total().getAsLong() : null);
        body.put("pages", result.total().isPresent() ? (result.total().getAsLong() + size - 1) / size : null);
        body.put("total_is_estimate", result.totalIsEstimate());
        sendJson(res, body);
    }

    private void listByCursor(UriQuery query, Sort sort, UserFilter filter, ServerResponse res) {
        int limit = (int) (query.contains("limit") ? number(query, "limit", 1, paging.maxLimit()) : paging.defaultLimit());
        Optional<Cursor> cursor = query.contains("cursor")
                ? Optional.of(cursors.decode(single(query, "cursor"), sort, filter)) : Optional.empty();
        Page<User> result = listByCursor.list(new ListUsersByCursorQuery(new PageRequest.Keyset(limit, cursor, sort), filter));
        Optional<String> next = result.next().map(c -> cursors.encode(c, sort, filter));
        Optional<String> prev = result.previous().map(c -> cursors.encode(c, sort, filter));

        var pageInfo = new LinkedHashMap<String, Object>();
        pageInfo.put("next_cursor", next.orElse(null));
        pageInfo.put("prev_cursor", prev.orElse(null));
        pageInfo.put("has_next", next.isPresent());
        pageInfo.put("has_prev", prev.isPresent());
        var body = new LinkedHashMap<String, Object>();
        body.put("items", result.items().stream().map(UserJson::out).toList());
        body.put("page_info", pageInfo);

        // RFC 8288 links; relative references, resolved against this request's URI.
        String base = "/users?limit=" + limit + listingQuery(sort, filter);
        var links = new StringBuilder();
        next.ifPresent(c -> links.append('<').append(base).append("&cursor=").append(c).append(">; rel=\"next\", "));
        prev.ifPresent(c -> links.append('<').append(base).append("&cursor=").append(c).append(">; rel=\"prev\", "));
        links.append('<').append(base).append(">; rel=\"first\"");
        res.header(HeaderNames.create("Link"), links.toString());
        sendJson(res, body);
    }

    /** The sort and filters as query parameters, canonical, each value URL-encoded. */
    private static String listingQuery(Sort sort, UserFilter filter) {
        var sb = new StringBuilder();
        if (!sort.equals(UserSortKey.DEFAULT)) {
            sb.append("&sort=").append(encode(sort.text()));
        }
        filter.namePrefix().ifPresent(v -> sb.append("&name_prefix=").append(encode(v)));
        filter.emailDomain().ifPresent(v -> sb.append("&email_domain=").append(encode(v)));
        filter.createdAfter().ifPresent(v -> sb.append("&created_after=").append(encode(v.toString())));
        filter.createdBefore().ifPresent(v -> sb.append("&created_before=").append(encode(v.toString())));
        return sb.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static UserFilter filter(UriQuery query) {
        return new UserFilter(
                query.contains("name_prefix") ? Optional.of(single(query, "name_prefix")) : Optional.empty(),
                query.contains("email_domain") ? Optional.of(single(query, "email_domain")) : Optional.empty(),
                query.contains("created_after") ? Optional.of(instant(query, "created_after")) : Optional.empty(),
                query.contains("created_before") ? Optional.of(instant(query, "created_before")) : Optional.empty());
    }

    private static Instant instant(UriQuery query, String name) {
        String text = single(query, name);
        try {
            if (text.length() > 40) {
                throw new DateTimeParseException("too long", text, 0);
            }
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badParameter(name, "must be an RFC 3339 date-time such as 2026-01-31T12:00:00Z");
        }
    }

    private static CountMode countMode(String text) {
        return switch (text) {
            case "exact" -> CountMode.EXACT;
            case "estimated" -> CountMode.ESTIMATED;
            case "none" -> CountMode.NONE;
            default -> throw ProblemException.badParameter("count", "must be exact, estimated or none");
        };
    }

    private static String single(UriQuery query, String name) {
        List<String> all = query.all(name);
        if (all.size() != 1) {
            throw ProblemException.badParameter(name, "must be given once");
        }
        return all.getFirst();
    }

    private static long number(UriQuery query, String name, long min, long max) {
        String text = single(query, name);
        String rule = "must be a whole number from " + min + " to " + max;
        if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ProblemException.badParameter(name, rule);
        }
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ProblemException.badParameter(name, rule);
        }
        if (value < min || value > max) {
            throw ProblemException.badParameter(name, rule);
        }
        return value;
    }

    private static byte[] jsonBody(ServerRequest req) {
        Optional<HttpMediaType> type = req.headers().contentType();
        if (type.isEmpty() || !isJson(type.get())) {
            throw new ProblemException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type",
                    "Unsupported media type", "send the body as application/json");
        }
        return req.content().hasEntity() ? req.content().as(byte[].class) : new byte[0];
    }

    private static boolean isJson(HttpMediaType type) {
        String subtype = type.mediaType().subtype();
        return "application".equals(type.mediaType().type()) && ("json".equals(subtype) || subtype.endsWith("+json"));
    }

    private static void sendUser(ServerResponse res, User user) {
        res.header(HeaderNames.ETAG, Preconditions.etag(user));
        sendJson(res, UserJson.out(user));
    }

    static void sendJson(ServerResponse res, Object body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }
}
