package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Method;
import io.helidon.http.PathMatcher;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enumerates every handler the HTTP adapter puts on Helidon's routing, however it was registered, and
 * fails when a write (POST/PUT/DELETE/PATCH) or an {@code /admin} route runs without its guard, or when any
 * handler is not one of ours (a guarded route or the 405 answer): deny by default, checked.
 */
class RouteTableTest {

    private static final Set<String> VERBS = Set.of("get", "post", "put", "delete", "patch", "head", "options", "trace",
            "any", "route");

    /** One handler as registered: where (method and full path, as far as the call says) and what. */
    record Registration(String method, String path, Handler handler) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void everyWriteAndAdminRouteOfTheApiIsGuarded() {
        var declared = new ArrayList<Route>();
        var tokens = new ApiTokens(List.of(TestApi.OPS, ApiToken.ofSecret("ci", TestApi.TOKEN, Set.of(Scope.WRITE))));
        List<Registration> all = registrations(routing -> declared.addAll(
                TestApi.routing(routing, tokens, LocalPeers.LOOPBACK, AccessLogSettings.TEXT)));

        assertThat(violations(all)).isEmpty();
        // Not vacuous: the guarded routes are exactly the API's, with the access each must have.
        List<String> guarded = all.stream().filter(r -> r.handler() instanceof GuardedHandler)
                .map(r -> ((GuardedHandler) r.handler()).route().toString()).toList();
        assertThat(guarded).containsExactlyInAnyOrder(
                "GET /users (public)", "HEAD /users (public)", "POST /users (write)", "GET /users/{id} (public)",
                "HEAD /users/{id} (public)", "PUT /users/{id} (write)", "DELETE /users/{id} (write)",
                "POST /admin/cache/clear (admin)", "GET /bench/ceiling (public)", "HEAD /bench/ceiling (public)");
        // The declaration registry and what reached Helidon agree.
        assertThat(declared).map(Route::toString).containsExactlyInAnyOrderElementsOf(guarded);
        assertThat(all).filteredOn(r -> r.handler() instanceof MethodNotAllowed).map(Registration::toString)
                .containsExactlyInAnyOrder("ANY /users", "ANY /users/{id}");
    }

    /** Can-fail: each kind of hole is reported. */
    @Test
    void theCheckFindsUnguardedWritesAndAdminRoutes() {
        var guard = new AccessGuard(ApiTokens.none(), LocalPeers.LOOPBACK);
        Handler op = (req, res) -> res.send("done");
        List<Registration> all = registrations(routing -> {
            routing.register("/raw", rules -> rules.post("/", op));
            routing.route(Method.PUT, "/put", op);
            routing.any("/anything", op);
            routing.route(Method.DELETE, "/consumer", req -> { });
            routing.route(HttpRoute.builder().methods(Method.PATCH).path("/built").handler(op).build());
            routing.get("/read", op);
            new Routes(routing, "/declared", Access.PUBLIC, guard, new ArrayList<>())
                    .route(Method.POST, "/open", Access.PUBLIC, op);
            new Routes(routing, "/admin", Access.PUBLIC, guard, new ArrayList<>()).post("/x", op);
        });
        assertThat(violations(all)).containsExactlyInAnyOrder(
                "POST /raw: not guarded",
                "PUT /put: not guarded",
                "ANY /anything: not guarded",
                "DELETE /consumer: not a Handler",
                "ROUTE ?: not guarded",
                "GET /read: not guarded",
                "POST /declared/open (public): a write without a scope",
                "POST /admin/x (write): an admin route without the admin scope");
    }

    static List<String> violations(List<Registration> registrations) {
        var violations = new ArrayList<String>();
        for (Registration r : registrations) {
            if (r.handler() == null) {
                violations.add(r + ": not a Handler");
            } else if (r.handler() instanceof GuardedHandler g) {
                Route route = g.route();
                if (Route.WRITES.contains(route.method()) && route.access() == Access.PUBLIC) {
                    violations.add(route + ": a write without a scope");
                }
                if ((route.path().equals("/admin") || route.path().startsWith("/admin/")) && route.access() != Access.ADMIN) {
                    violations.add(route + ": an admin route without the admin scope");
                }
                if (!route.method().text().equalsIgnoreCase(r.method()) || !route.path().equals(r.path())) {
                    violations.add(route + ": registered as " + r);
                }
            } else if (!(r.handler() instanceof MethodNotAllowed)) {
                violations.add(r + ": not guarded");
            }
        }
        return violations;
    }

    /** Runs {@code setup} on a routing that records every handler registered on it or on its services. */
    static List<Registration> registrations(Consumer<HttpRouting.Builder> setup) {
        var out = new ArrayList<Registration>();
        setup.accept(recorder(HttpRouting.Builder.class, "", out));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T extends HttpRules> T recorder(Class<T> type, String prefix, List<Registration> out) {
        Object[] self = new Object[1];
        self[0] = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object[] a = args == null ? new Object[0] : args;
            String name = method.getName();
            if (name.equals("register")) {
                String sub = a.length > 0 && a[0] instanceof String s ? s : "";
                services(a).forEach(service -> service.routing(recorder(HttpRules.class, prefix + sub, out)));
            } else if (VERBS.contains(name)) {
                // A path template as text, or as the matcher made of it (SegmentPathMatcher): its template.
                String path = Stream.of(a).map(x -> x instanceof PathMatcher m ? m.matchingElement().orElse(null) : x)
                        .filter(String.class::isInstance).map(String.class::cast).findFirst()
                        .map(p -> prefix + (p.equals("/") && !name.equals("any") ? "" : p)).orElse(prefix.isEmpty() ? "?" : prefix);
                // A route for the methods a predicate accepts (Routes' 405 answers: every method) reads as ANY.
                String verb = Stream.of(a).filter(Method.class::isInstance).map(m -> ((Method) m).text()).findFirst()
                        .orElse(Stream.of(a).anyMatch(Predicate.class::isInstance) ? "ANY" : name.toUpperCase(Locale.ROOT));
                List<Handler> handlers = handlers(a);
                if (handlers.isEmpty()) {
                    out.add(new Registration(verb, path, null));
                }
                handlers.forEach(h -> out.add(new Registration(verb, path, h)));
            }
            return method.getReturnType().isInstance(proxy) ? proxy : null;
        });
        return (T) self[0];
    }

    private static List<HttpService> services(Object[] args) {
        var services = new ArrayList<HttpService>();
        for (Object arg : args) {
            if (arg instanceof HttpService[] array) {
                services.addAll(List.of(array));
            } else if (arg instanceof HttpService s) {
                services.add(s);
            } else if (arg instanceof Supplier<?> supplier) {
                services.add((HttpService) supplier.get());
            } else if (arg instanceof List<?> list) {
                list.forEach(s -> services.add((HttpService) ((Supplier<?>) s).get()));
            }
        }
        return services;
    }

    private static List<Handler> handlers(Object[] args) {
        var handlers = new ArrayList<Handler>();
        for (Object arg : args) {
            if (arg instanceof Handler h) {
                handlers.add(h);
            } else if (arg instanceof Handler[] array) {
                handlers.addAll(List.of(array));
            } else if (arg instanceof HttpRoute route) {
                handlers.add(route.handler());
            }
        }
        return handlers;
    }
}
