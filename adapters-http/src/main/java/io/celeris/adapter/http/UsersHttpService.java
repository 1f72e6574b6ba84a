package io.celeris.adapter.http;

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
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Optional;

/** {@code /users}: create, read, replace, delete, and list by offset or by cursor. */
public final class UsersHttpService implements RouteSet {

    static final HeaderName CACHE_STATUS = HeaderNames.create("Cache-Status");

    private final CreateUserUseCase create;
    private final GetUserUseCase get;
    private final UpdateUserUseCase update;
    private final DeleteUserUseCase delete;
    private final ListUsersByOffsetUseCase listByOffset;
    private final ListUsersByCursorUseCase listByCursor;
    private final ListQueryParser listQueries;
    private final CursorCodec cursors;
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
        this.listQueries = new ListQueryParser(settings.paging(), settings.defaultCount());
        this.cursors = new CursorCodec(settings.cursorSecret(), settings.previousCursorSecret());
        this.cacheControl = settings.maxAge() > 0 ? "private, max-age=" + settings.maxAge() : "private, no-cache";
    }

    /** The routes of {@code /users}; every write needs the write scope (see {@link Routes}). */
    @Override
    public void routes(Routes routes) {
        routes.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::getOne)
                .put("/{id}", this::replace)
                .delete("/{id}", this::remove)
                // Registered last: a known path with another method (405, with Allow) or OPTIONS (204).
                .otherMethods("/", "GET, HEAD, POST")
                .otherMethods("/{id}", "GET, HEAD, PUT, DELETE");
    }

    private void create(ServerRequest req, ServerResponse res) {
        UserJson.In in = UserJson.in(RequestBodies.json(req));
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
        UserJson.In in = UserJson.in(RequestBodies.json(req));
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
        switch (listQueries.parse(req.query().rawValue())) {
            case ListQuery.ByOffset q -> listByOffset(q, res);
            case ListQuery.ByCursor q -> listByCursor(q, res);
        }
    }

    private void listByOffset(ListQuery.ByOffset q, ServerResponse res) {
        long page = q.page();
        int size = q.size();
        Page<User> result = listByOffset.list(new ListUsersByOffsetQuery(new PageRequest.Offset(page, size, q.sort()),
                q.filter(), q.count()));
        var body = new LinkedHashMap<String, Object>();
        body.put("items", result.items().stream().map(UserJson::out).toList());
        body.put("page", page);
        body.put("size", size);
        body.put("total", result.total().isPresent() ? result.total().getAsLong() : null);
        body.put("pages", result.total().isPresent() ? (result.total().getAsLong() + size - 1) / size : null);
        body.put("total_is_estimate", result.totalIsEstimate());
        sendJson(res, body);
    }

    private void listByCursor(ListQuery.ByCursor q, ServerResponse res) {
        Sort sort = q.sort();
        UserFilter filter = q.filter();
        int limit = q.limit();
        Optional<Cursor> cursor = q.cursor().map(token -> cursors.decode(token, sort, filter));
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

    private static void sendUser(ServerResponse res, User user) {
        res.header(HeaderNames.ETAG, Preconditions.etag(user));
        sendJson(res, UserJson.out(user));
    }

    static void sendJson(ServerResponse res, Object body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(Json.write(body));
    }
}
