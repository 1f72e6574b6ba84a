package io.celeris.adapter.http;

import io.helidon.common.parameters.Parameters;
import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A route template of plain literal segments ({@code /users}, {@code /admin/cache/clear}), matched against the decoded
 * path by one comparison. Where the route is the root of a service ({@code GET /users}), its path with a trailing slash
 * ({@code /users/}) is the same route, as it is when Helidon routes a service mounted at {@code /users} to its
 * {@code /} route. The template is the route's {@link #matchingElement()}, for the per-route metrics.
 */
final class LiteralPathMatcher extends TemplatePathMatcher {

    private static final Pattern TEMPLATE = Pattern.compile("(/[A-Za-z0-9_~-]+)+");
    private static final Parameters NONE = Parameters.createSingleValueMap("http/path", Map.of());

    private final String withSlash;

    private LiteralPathMatcher(String template, boolean serviceRoot) {
        super(template);
        this.withSlash = serviceRoot ? template + "/" : null;
    }

    /**
     * @param template    a route's path template
     * @param serviceRoot whether it is the root of a service, so that its path with a trailing slash is the same route
     * @return a matcher of it when it is plain literal segments, else empty
     */
    static Optional<PathMatcher> of(String template, boolean serviceRoot) {
        return TEMPLATE.matcher(template).matches()
                ? Optional.of(new LiteralPathMatcher(template, serviceRoot)) : Optional.empty();
    }

    @Override
    public PathMatchers.MatchResult match(UriPath path) {
        String decoded = path.path();
        if (decoded.equals(template()) || decoded.equals(withSlash)) {
            return new PathMatchers.MatchResult(true, new Routed(path, NONE));
        }
        return PathMatchers.MatchResult.notAccepted();
    }

    @Override
    public String toString() {
        return "literal: " + template() + (withSlash == null ? "" : " (or " + withSlash + ")");
    }
}
