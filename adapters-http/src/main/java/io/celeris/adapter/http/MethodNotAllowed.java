package io.celeris.adapter.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/**
 * The answer on a known path to a method it has no route for: 405 with {@code Allow}, or 204 to
 * {@code OPTIONS}. It runs no operation, so it needs no guard.
 *
 * @param allow the methods the path has, e.g. {@code GET, POST}
 */
record MethodNotAllowed(String allow) implements Handler {

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        if (req.prologue().method() == Method.OPTIONS) {
            res.header(HeaderNames.ALLOW, allow + ", OPTIONS");
            res.status(Status.NO_CONTENT_204).send();
            return;
        }
        res.header(HeaderNames.ALLOW, allow);
        Problems.send(req, res, new Problem(Status.METHOD_NOT_ALLOWED_405, "method-not-allowed", "Method not allowed",
                req.prologue().method().text() + " is not allowed here; allowed: " + allow,
                req.prologue().uriPath().rawPath(), List.of()));
    }
}
