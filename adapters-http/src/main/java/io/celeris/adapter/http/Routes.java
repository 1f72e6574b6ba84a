package io.celeris.adapter.http;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import java.util.List;
import java.util.Objects;

/**
 * Where a service declares its routes and who may call each: reads are public, every write needs the
 * {@code write} scope unless declared otherwise, and a service mounted with an {@code admin} floor needs the
 * admin scope on every route. Each route is registered on Helidon's rules behind a {@link GuardedHandler},
 * so authorization is decided by the route that runs, and is recorded in the route table.
 *
 * <p>Routes are registered flat, at their whole path ({@code /users/{id}}), on the routing itself rather than on a
 * service mounted at the prefix: for a route under a service Helidon merges the service's path parameters into a
 * new map and concatenates the two templates on every request (7% of the samples of an L1 hit, with the crawl of the
 * service). {@link SegmentPathMatcher} and {@link LiteralPathMatcher} match as the nested routes did, a service's
 * root with or without its trailing slash.
 */
final class Routes {

    private final HttpRules rules;
    private final String prefix;
    private final Access floor;
    private final AccessGuard guard;
    private final List<Route> table;

    /**
     * @param rules  Helidon's rules the routes are registered on, at their whole path (the routing's)
     * @param prefix the path of the service, before each of its routes' paths
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
        var route = new Route(method, whole(path), effective);
        table.add(route);
        rules.route(method, matcher(path), new GuardedHandler(route, guard, handler));
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
        rules.route(method -> true, matcher(path), new MethodNotAllowed(allow));
        return this;
    }

    /** The service's path and the route's: {@code /users} for {@code /}, {@code /users/{id}} for {@code /{id}}. */
    private String whole(String path) {
        return prefix + (path.equals("/") ? "" : path);
    }

    /**
     * A named last segment ({@code /users/{id}}) or plain literal segments are matched without Helidon's regular
     * expression; any other template as Helidon reads it.
     */
    private PathMatcher matcher(String path) {
        String whole = whole(path);
        return SegmentPathMatcher.of(whole)
                .or(() -> LiteralPathMatcher.of(whole, path.equals("/")))
                .orElseGet(() -> PathMatchers.create(whole));
    }
}
