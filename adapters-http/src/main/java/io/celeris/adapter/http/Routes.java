package io.celeris.adapter.http;

import io.helidon.http.Method;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.List;
import java.util.Objects;

/**
 * Where a service declares its routes and who may call each: reads are public, every write needs the
 * {@code write} scope unless declared otherwise, and a service mounted with an {@code admin} floor needs the
 * admin scope on every route. Each route is registered on Helidon's rules behind a {@link GuardedHandler},
 * so authorization is decided by the route that runs, and is recorded in the route table.
 */
final class Routes {

    private final HttpRules rules;
    private final String prefix;
    private final Access floor;
    private final AccessGuard guard;
    private final List<Route> table;

    /**
     * @param rules  Helidon's rules of the service
     * @param prefix the path the service is mounted at (for the table)
     * @param floor  the least access any route of the service needs
     * @param guard  who decides
     * @param table  where declarations are recorded
     */
    Routes(HttpRules rules, String prefix, Access floor, AccessGuard guard, List<Route> table) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.floor = Objects.requireNonNull(floor, "floor");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** A read: public (unless the service's floor says otherwise), answered for HEAD too, without the body. */
    Routes get(String path, Handler handler) {
        route(Method.GET, path, Access.PUBLIC, handler);
        return route(Method.HEAD, path, Access.PUBLIC, Head.of(handler));
    }

    /** A write: needs the write scope. */
    Routes post(String path, Handler handler) {
        return route(Method.POST, path, Access.WRITE, handler);
    }

    /** A write: needs the write scope. */
    Routes put(String path, Handler handler) {
        return route(Method.PUT, path, Access.WRITE, handler);
    }

    /** A write: needs the write scope. */
    Routes delete(String path, Handler handler) {
        return route(Method.DELETE, path, Access.WRITE, handler);
    }

    /**
     * A route with its access said out loud; the service's floor still applies.
     *
     * @param method  the method
     * @param path    the path template, relative to the service
     * @param access  who may call it
     * @param handler the operation
     * @return this
     */
    Routes route(Method method, String path, Access access, Handler handler) {
        Access effective = access.compareTo(floor) >= 0 ? access : floor;
        var route = new Route(method, prefix + (path.equals("/") ? "" : path), effective);
        table.add(route);
        var guarded = new GuardedHandler(route, guard, handler);
        // A one-segment template ("/{id}") is matched without Helidon's regular expression; any other as Helidon reads it.
        SegmentPathMatcher.of(path).ifPresentOrElse(segment -> rules.route(method, segment, guarded),
                () -> rules.route(method, path, guarded));
        return this;
    }

    /**
     * Registered after a path's routes: any other method gets 405 with {@code Allow} (OPTIONS: 204).
     *
     * @param path  the path template
     * @param allow the methods it has, e.g. {@code GET, POST}
     * @return this
     */
    Routes otherMethods(String path, String allow) {
        rules.any(path, new MethodNotAllowed(allow));
        return this;
    }
}
