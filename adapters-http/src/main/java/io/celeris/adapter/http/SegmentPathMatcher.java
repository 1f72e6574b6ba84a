package io.celeris.adapter.http;

import io.helidon.common.parameters.Parameters;
import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The route template {@code /{name}} after a literal prefix of plain segments ({@code /users/{id}}): one whole path
 * segment, matched as Helidon's pattern matcher matches it (the regular expression {@code /(?<p>[^/]+)} over the
 * decoded path) but by a few character tests: the expression and its map of groups were 4.5% of the CPU of
 * {@code GET /users/{id}} answered from the cache. The template stays the route's {@link #matchingElement()}, for the
 * per-route metrics; a prefix match is left to Helidon's own matcher of the same template ({@link TemplatePathMatcher}).
 */
final class SegmentPathMatcher extends TemplatePathMatcher {

    private static final Pattern TEMPLATE = Pattern.compile("((?:/[A-Za-z0-9_~-]+)*)/\\{([A-Za-z][A-Za-z0-9_]*)}");

    /** The literal segments before the named one, e.g. {@code /users}; empty for {@code /{id}}. */
    private final String prefix;
    private final String name;

    private SegmentPathMatcher(String prefix, String name, String template) {
        super(template);
        this.prefix = prefix;
        this.name = name;
    }

    /**
     * @param template a route's path template
     * @return a matcher of it when it is one named segment such as {@code /{id}}, after plain literal segments or
     *         none ({@code /users/{id}}), else empty
     */
    static Optional<PathMatcher> of(String template) {
        var m = TEMPLATE.matcher(template);
        return m.matches() ? Optional.of(new SegmentPathMatcher(m.group(1), m.group(2), template)) : Optional.empty();
    }

    @Override
    public PathMatchers.MatchResult match(UriPath path) {
        String decoded = path.path();
        int slash = prefix.length();
        if (decoded.length() < slash + 2 || !decoded.startsWith(prefix) || decoded.charAt(slash) != '/'
                || decoded.indexOf('/', slash + 1) >= 0) {
            return PathMatchers.MatchResult.notAccepted();
        }
        var parameters = Parameters.createSingleValueMap("http/path", Map.of(name, decoded.substring(slash + 1)));
        return new PathMatchers.MatchResult(true, new Routed(path, parameters));
    }

    @Override
    public String toString() {
        return "segment: " + template();
    }
}
