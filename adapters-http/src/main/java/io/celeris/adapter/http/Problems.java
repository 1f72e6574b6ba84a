package io.celeris.adapter.http;

import io.celeris.application.StoreUnavailableException;
import io.celeris.application.UnknownCommitPositionException;
import io.celeris.domain.paging.UnsupportedSortException;
import io.celeris.domain.user.DuplicateEmailException;
import io.celeris.domain.user.InvalidValueException;
import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.UserNotFoundException;
import io.celeris.domain.user.VersionMismatchException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error answer is RFC 9457 {@code application/problem+json} with a stable type: those of the
 * domain, those the adapter finds, unknown routes, and the transport-level failures Helidon answers
 * before routing (malformed HTTP, oversized bodies). Unexpected failures are logged with a reference
 * and answered without internals.
 */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(Problems.class.getName());

    private Problems() {
    }

    static void register(HttpRouting.Builder routing) {
        routing.error(ProblemException.class, (req, res, e) -> send(req, res, e.toProblem(path(req))))
                .error(InvalidValueException.class, (req, res, e) -> send(req, res, new Problem(Status.BAD_REQUEST_400,
                        "invalid-field", "Invalid field", e.getMessage(), path(req),
                        List.of(Map.of("name", e.field(), "detail", e.getMessage())))))
                .error(UnsupportedSortException.class, (req, res, e) -> send(req, res, new Problem(Status.BAD_REQUEST_400,
                        "unsupported-sort", "Unsupported sort", e.getMessage(), path(req), List.of())))
                .error(UserNotFoundException.class, (req, res, e) -> send(req, res, new Problem(Status.NOT_FOUND_404,
                        "not-found", "Not found", e.getMessage(), path(req), List.of())))
                .error(DuplicateEmailException.class, (req, res, e) -> send(req, res, new Problem(Status.CONFLICT_409,
                        "duplicate-email", "Email already in use", e.getMessage(), path(req), List.of())))
                .error(VersionMismatchException.class, (req, res, e) -> send(req, res, new Problem(
                        Status.PRECONDITION_FAILED_412, "version-mismatch", "Version mismatch",
                        mismatch(e), path(req), List.of())))
                .error(UnknownCommitPositionException.class, (req, res, e) -> send(req, res, new Problem(
                        Status.BAD_REQUEST_400, "invalid-header", "Invalid header", e.getMessage(), path(req),
                        List.of())))
                .error(StoreUnavailableException.class, (req, res, e) -> {
                    res.header(HeaderNames.RETRY_AFTER, "1");
                    send(req, res, new Problem(Status.SERVICE_UNAVAILABLE_503, "service-unavailable",
                            "Service unavailable", unavailable(req, e), path(req), List.of()));
                })
                .error(RequestException.class, (req, res, e) -> fromStatus(req, res, e.status(), e))
                .error(HttpException.class, (req, res, e) -> fromStatus(req, res, e.status(), e))
                .error(Throwable.class, (req, res, e) -> {
                    // The reference is the request id: one string ties the client's answer to the log line.
                    String ref = req.context().get(RequestContextFilter.MDC_KEY, String.class)
                            .orElseGet(() -> UUID.randomUUID().toString());
                    LOG.log(Level.SEVERE, "unexpected failure on " + req.prologue().method().text() + " "
                            + path(req) + " (reference " + ref + ")", e);
                    send(req, res, new Problem(Status.INTERNAL_SERVER_ERROR_500, "internal-error", "Internal error",
                            "an unexpected error occurred; reference " + ref, path(req), List.of()));
                });
    }

    private static void fromStatus(ServerRequest req, ServerResponse res, Status status, Throwable e) {
        if (status.code() >= 500) {
            String ref = req.context().get(RequestContextFilter.MDC_KEY, String.class)
                    .orElseGet(() -> UUID.randomUUID().toString());
            LOG.log(Level.SEVERE, "failure on " + path(req) + " (reference " + ref + ")", e);
            send(req, res, new Problem(status, "internal-error", "Internal error",
                    "an unexpected error occurred; reference " + ref, path(req), List.of()));
            return;
        }
        send(req, res, forStatus(status, path(req)));
    }

    static Problem forStatus(Status status, String instance) {
        String slug = switch (status.code()) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 431 -> "headers-too-large";
            default -> "http-" + status.code();
        };
        String detail = status.code() == 404 && instance != null ? "no resource at " + instance
                : status.reasonPhrase().toLowerCase(java.util.Locale.ROOT);
        return new Problem(status, slug, status.reasonPhrase(), detail, instance, List.of());
    }

    static void send(ServerRequest req, ServerResponse res, Problem problem) {
        if (res.isSent()) {
            return;
        }
        res.status(problem.status());
        res.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        // A HEAD request gets the headers of the problem only: a body would break the connection's framing.
        Head.send(req, res, Json.write(Json.problemBody(problem)));
    }

    /**
     * Answers the failures Helidon meets outside a route: malformed HTTP, a request line or headers too long, a
     * body over the limit, an unsupported protocol version, a request line Helidon fails to parse (which it calls an
     * internal error: a 400 here when {@code readingRequestLine} says that is where the connection was). Met before routing, the answer gets its own request id
     * and access-log line here (no filter ran); met while a request is routed (Helidon answers some errors of a
     * body read itself), it keeps that request's id and the routing's access-log line.
     */
    static DirectHandlers directHandlers(AccessLog accessLog, BooleanSupplier readingRequestLine) {
        DirectHandler handler = (request, event, status, headers, message) -> {
            if (event == DirectHandler.EventType.INTERNAL_ERROR && readingRequestLine.getAsBoolean()) {
                // Helidon 4.5 lets an exception out of the request line's parsing (a method with a character HTTP
                // does not allow in one: Method.create's IllegalArgumentException) and calls it an internal error;
                // what failed there was the client's bytes.
                status = Status.BAD_REQUEST_400;
            }
            Problem p = forStatus(status, null);
            byte[] body = Json.write(Json.problemBody(p));
            headers.set(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
            Optional<String> routed = RequestContextFilter.routing();
            String id = routed.orElseGet(() -> RequestContextFilter.requestId(request.headers()));
            headers.set(RequestContextFilter.REQUEST_ID, id);
            if (routed.isEmpty()) {
                String path = request.path();
                int q = path.indexOf('?');
                accessLog.log(new AccessLog.Entry(null, request.method(), q < 0 ? path : path.substring(0, q),
                        q < 0 ? null : path.substring(q + 1), status.code(), body.length, -1, null, null, id));
            }
            return DirectHandler.TransportResponse.builder()
                    .status(status)
                    .headers(headers)
                    .entity(body)
                    .build();
        };
        var builder = DirectHandlers.builder();
        for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    /**
     * "Retry shortly" is true of a read, and of a write refused before it reached the database; a write that failed
     * once it had may have been made (committed as the database stopped answering), and a blind retry could repeat it
     * or be told 404/409/412 about itself.
     */
    static String unavailable(ServerRequest req, StoreUnavailableException e) {
        Method method = req.prologue().method();
        boolean write = method == Method.POST || method == Method.PUT || method == Method.DELETE
                || method == Method.PATCH;
        return e.getMessage() + (write && e.mayHaveChanged()
                ? " after the write was sent: it may have been made; read the user (or, for a create, list by"
                        + " email) before retrying it"
                : "; retry shortly");
    }

    /** Which header refused the change: If-Match names other versions, or If-None-Match names this one (or any). */
    private static String mismatch(VersionMismatchException e) {
        String at = "the user is at version " + e.current() + " (ETag \"" + e.current() + "\")";
        return refusedByIfNoneMatch(e.expected(), e.current())
                ? at + ", which If-None-Match excludes" : at + "; read it again and retry";
    }

    private static boolean refusedByIfNoneMatch(Precondition p, long current) {
        return switch (p) {
            case Precondition.Absent absent -> true;
            case Precondition.NoneOf noneOf -> !noneOf.holdsFor(current);
            // If-Match is decided first (RFC 9110, 13.2.2): when it refuses, it is the one to name.
            case Precondition.AllOf allOf -> allOf.all().stream().noneMatch(q -> q instanceof Precondition.OneOf
                    && !q.holdsFor(current)) && allOf.all().stream().anyMatch(q -> refusedByIfNoneMatch(q, current));
            default -> false;
        };
    }

    /** @return the request's path as the problem's instance, at most 200 characters */
    static String path(ServerRequest req) {
        String p = req.prologue().uriPath().rawPath();
        return p.length() > 200 ? p.substring(0, 200) : p;
    }
}
