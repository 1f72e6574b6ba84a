package io.celeris.adapter.http;

import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Objects;

/**
 * A route's handler behind its guard: the only kind of handler {@link Routes} puts on a routing (with
 * {@link MethodNotAllowed}), which the route-table test checks.
 *
 * @param route   the declaration
 * @param guard   who decides
 * @param handler the operation
 */
record GuardedHandler(Route route, AccessGuard guard, Handler handler) implements Handler {

    GuardedHandler {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(handler, "handler");
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) throws Exception {
        if (guard.admit(route, req, res)) {
            handler.handle(req, res);
        }
    }
}
