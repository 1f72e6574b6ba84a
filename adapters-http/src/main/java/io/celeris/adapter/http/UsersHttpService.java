package io.celeris.adapter.http;

import io.celeris.application.port.in.CacheOutcome;
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
import io.celeris.domain.user.Email;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.UserName;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code /users}: create, read, replace, delete, and list by offset or by cursor. Each handler reads the request
 * ({@link ListQueryParser}, {@link RequestBodies}, {@link Preconditions}), calls one use case and answers
 * ({@link Responses}, {@link RenderedUsers}, {@link PageJson}, {@link Links}, {@link CacheStatus}).
 */
public final class UsersHttpService implements RouteSet {

    private final CreateUserUseCase create;
    private final GetUserUseCase get;
    private final UpdateUserUseCase update;
    private final DeleteUserUseCase delete;
    private final ListUsersByOffsetUseCase listByOffset;
    private final ListUsersByCursorUseCase listByCursor;
    private final ListQueryParser listQueries;
    private final CursorCodec cursors;
    private final Header cacheControl;
    private final RenderedUsers rendered = new RenderedUsers();

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
        this.cacheControl = CheckedHeader.of(HeaderNames.CACHE_CONTROL,
                settings.maxAge() > 0 ? "private, max-age=" + settings.maxAge() : "private, no-cache");
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
        User user;
        try (var scope = ConsistencyHeader.write()) {
            user = create.create(CreateUserCommand.of(in.email(), in.name()));
            ConsistencyHeader.answer(scope, res);
        }
        res.status(Status.CREATED_201);
        res.header(HeaderNames.LOCATION, "/users/" + user.id());
        Responses.user(res, user);
    }

    private void getOne(ServerRequest req, ServerResponse res) {
        UserId id = id(req);
        UserLookup lookup;
        try (var scope = ConsistencyHeader.read(req)) {
            lookup = get.get(id);
        }
        res.header(CacheStatus.of(lookup));
        res.header(cacheControl);
        // A cached instance is answered again and again: its rendering is kept. A read the cache did not answer nor
        // keep (caching off, or bypassed for a client's own write) brings a new instance every time: rendered alone.
        Responses.userUnlessNotModified(req, res, lookup.outcome() == CacheOutcome.HIT
                || lookup.outcome() == CacheOutcome.MISS_STORED
                ? rendered.of(lookup.user()) : RenderedUsers.Rendered.of(lookup.user()));
    }

    private void replace(ServerRequest req, ServerResponse res) {
        UserId id = id(req);
        Precondition precondition = Preconditions.of(req);
        UserJson.In in = UserJson.in(RequestBodies.json(req));
        User user;
        try (var scope = ConsistencyHeader.write()) {
            user = update.update(new UpdateUserCommand(id, new Email(in.email()), new UserName(in.name()), precondition));
            ConsistencyHeader.answer(scope, res);
        }
        Responses.user(res, user);
    }

    private void remove(ServerRequest req, ServerResponse res) {
        var command = new DeleteUserCommand(id(req), Preconditions.of(req));
        try (var scope = ConsistencyHeader.write()) {
            delete.delete(command);
            ConsistencyHeader.answer(scope, res);
        }
        res.status(Status.NO_CONTENT_204).send();
    }

    private void list(ServerRequest req, ServerResponse res) {
        ListQuery query = listQueries.parse(req.query().rawValue());
        try (var scope = ConsistencyHeader.read(req)) {
            switch (query) {
                case ListQuery.ByOffset q -> listByOffset(q, res);
                case ListQuery.ByCursor q -> listByCursor(q, res);
            }
        }
    }

    private void listByOffset(ListQuery.ByOffset q, ServerResponse res) {
        Page<User> page = listByOffset.list(new ListUsersByOffsetQuery(new PageRequest.Offset(q.page(), q.size(), q.sort()),
                q.filter(), q.count()));
        Responses.json(res, PageJson.offset(q, page));
    }

    private void listByCursor(ListQuery.ByCursor q, ServerResponse res) {
        CursorCodec.Binding binding = cursors.bind(q.sort(), q.filter());
        Optional<Cursor> from = q.cursor().map(token -> cursors.decode(token, binding));
        Page<User> page = listByCursor.list(new ListUsersByCursorQuery(new PageRequest.Keyset(q.limit(), from, q.sort()),
                q.filter()));
        Optional<String> next = page.next().map(c -> cursors.encode(c, binding));
        Optional<String> prev = page.previous().map(c -> cursors.encode(c, binding));
        res.header(Links.LINK, Links.cursorListing(q, next, prev));
        Responses.json(res, PageJson.cursor(page, next, prev));
    }

    private static UserId id(ServerRequest req) {
        return UserId.parse(req.path().pathParameters().get("id"));
    }
}
