package io.celeris.adapter.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a request may run the route Helidon chose for it. It runs inside that route's handler,
 * so what it judges is the route that will run, whatever spelling of the path led there.
 *
 * <ul>
 *   <li>no {@code Authorization}: 401 with a challenge;</li>
 *   <li>a token that is not ours (or not {@code Bearer}): 401 {@code invalid_token};</li>
 *   <li>our token without the scope: 403 {@code insufficient_scope};</li>
 *   <li>while no token has the {@code write} scope, writes come from {@link LocalPeers} only, and never through
 *       a proxy (403 {@code writes-loopback-only} for the others).</li>
 * </ul>
 * The name of the token that passed (or was refused for its scope) goes into the request context, for the
 * access log.
 */
final class AccessGuard {

    /** Request-context key of the calling token's name. */
    static final String TOKEN_NAME = "celeris.token";
    private static final String REALM = "Bearer realm=\"celeris\"";

    private final ApiTokens tokens;
    private final LocalPeers localPeers;

    AccessGuard(ApiTokens tokens, LocalPeers localPeers) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.localPeers = Objects.requireNonNull(localPeers, "localPeers");
    }

    /**
     * @return true when the request may go on; otherwise the refusal has been sent
     */
    boolean admit(Route route, ServerRequest req, ServerResponse res) {
        Optional<Scope> needed = route.access().scope();
        if (needed.isEmpty()) {
            return true;
        }
        Scope scope = needed.get();
        if (scope == Scope.WRITE && !tokens.any(Scope.WRITE)) {
            boolean forwarded = forwarded(req.headers());
            if (!forwarded && localPeers.isLocal(req.remotePeer().address())) {
                return true;
            }
            refuse(req, res, Status.FORBIDDEN_403, "writes-loopback-only", "Writes only from this machine",
                    "no write token is configured, so writes are accepted only from loopback clients"
                            + (forwarded ? ", and a request forwarded by a proxy is not one" : ""));
            return false;
        }
        Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
        if (auth.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, REALM);
            refuse(req, res, Status.UNAUTHORIZED_401, "unauthorized", "Unauthorized",
                    "this operation needs an Authorization: Bearer token with the " + scope.text() + " scope");
            return false;
        }
        if (req.headers().get(HeaderNames.AUTHORIZATION).valueCount() > 1) {
            // A field defined once (RFC 9110, 11.6.2): which of two would count is exactly what a client or a proxy
            // must not be left to guess (RFC 6750, 3.1: invalid_request).
            res.header(HeaderNames.WWW_AUTHENTICATE, REALM + ", error=\"invalid_request\"");
            refuse(req, res, Status.BAD_REQUEST_400, "invalid-header", "Invalid header",
                    "Authorization must be given once");
            return false;
        }
        Optional<ApiToken> token = bearer(auth.get()).flatMap(tokens::find);
        if (token.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, REALM + ", error=\"invalid_token\"");
            refuse(req, res, Status.UNAUTHORIZED_401, "unauthorized", "Unauthorized", "the bearer token is not valid");
            return false;
        }
        req.context().register(TOKEN_NAME, token.get().name());
        if (!token.get().allows(scope)) {
            res.header(HeaderNames.WWW_AUTHENTICATE, REALM + ", error=\"insufficient_scope\", scope=\"" + scope.text() + "\"");
            refuse(req, res, Status.FORBIDDEN_403, "forbidden", "Forbidden",
                    "this token does not have the " + scope.text() + " scope");
            return false;
        }
        return true;
    }

    /**
     * A proxy on this machine (nginx at 127.0.0.1) makes every client on the internet a loopback peer: what it
     * forwards is not a local client's, whatever the peer's address. Proxies say so in these headers (nginx's
     * {@code X-Forwarded-For} and {@code X-Real-IP}, RFC 7239's {@code Forwarded}, RFC 9110's {@code Via}); a
     * local client that sends one refuses itself only.
     */
    static boolean forwarded(Headers headers) {
        for (Header h : headers) {
            String name = h.headerName().lowerCase();
            if (name.startsWith("x-forwarded-") || name.equals("forwarded") || name.equals("via")
                    || name.equals("x-real-ip")) {
                return true;
            }
        }
        return false;
    }

    /** {@code Bearer <secret>}, the scheme in any case (RFC 9110: schemes are case-insensitive). */
    private static Optional<String> bearer(String authorization) {
        if (authorization.length() <= 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String secret = authorization.substring(7).strip();
        return secret.isEmpty() ? Optional.empty() : Optional.of(secret);
    }

    private static void refuse(ServerRequest req, ServerResponse res, Status status, String type, String title,
                               String detail) {
        Problems.send(req, res, new Problem(status, type, title, detail, req.prologue().uriPath().rawPath(), List.of()));
    }
}
