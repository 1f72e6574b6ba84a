package io.celeris.adapter.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;

/**
 * Refuses a path whose route depends on who reads it: a {@code ;} (Helidon drops path parameters, so
 * {@code /observe;x/metrics} runs {@code /observe/metrics} and {@code /users/..;/admin/cache/clear} runs the admin
 * route, where nginx and most proxies see other paths), and a percent-encoded {@code /} or {@code .} (Helidon decodes
 * them before it matches, so {@code /admin%2Fcache%2Fclear} is the admin route; a proxy that does not decode them
 * sees one odd segment). The service authorizes the route that runs whatever the spelling ({@link AccessGuard}); this
 * keeps a rule a proxy in front keys on the path (a deny list, a rate limit, a cache rule) from being walked around.
 * None of the API's paths needs either.
 */
final class PathFilter implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.prologue().uriPath().rawPath();
        if (ambiguous(path)) {
            Problems.send(req, res, new Problem(Status.BAD_REQUEST_400, "bad-request", "Bad Request",
                    "the path must not hold ';' (path parameters) nor a percent-encoded '/' or '.': proxies and this"
                            + " service would read it as different paths", Problems.path(req), List.of()));
            return;
        }
        chain.proceed();
    }

    /** @return whether the raw path holds {@code ;}, {@code %2F} or {@code %2E} (either case) */
    static boolean ambiguous(String rawPath) {
        for (int i = 0, n = rawPath.length(); i < n; i++) {
            char c = rawPath.charAt(i);
            if (c == ';') {
                return true;
            }
            if (c == '%' && i + 2 < n && rawPath.charAt(i + 1) == '2') {
                char d = rawPath.charAt(i + 2);
                if (d == 'f' || d == 'F' || d == 'e' || d == 'E') {
                    return true;
                }
            }
        }
        return false;
    }
}
