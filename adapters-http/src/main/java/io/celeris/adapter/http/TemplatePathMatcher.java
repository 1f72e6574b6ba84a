package io.celeris.adapter.http;

import io.helidon.common.parameters.Parameters;
import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.http.RoutedPath;
import java.util.Optional;

/**
 * What the service's own path matchers ({@link SegmentPathMatcher}, {@link LiteralPathMatcher}) share: the route
 * template they were made of, which is the route's {@link #matchingElement()} (the per-route metrics name routes by
 * it), and Helidon's matcher of the same template for a prefix match, which routes never ask for.
 */
abstract class TemplatePathMatcher implements PathMatcher {

    private final String template;
    private final PathMatcher helidon;

    TemplatePathMatcher(String template) {
        this.template = template;
        this.helidon = PathMatchers.create(template);
    }

    final String template() {
        return template;
    }

    @Override
    public final PathMatchers.PrefixMatchResult prefixMatch(UriPath path) {
        return helidon.prefixMatch(path);
    }

    @Override
    public final Optional<String> matchingElement() {
        return Optional.of(template);
    }

    /** The path as routed, with its parameters. */
    record Routed(UriPath uri, Parameters pathParameters) implements RoutedPath {

        @Override
        public String rawPath() {
            return uri.rawPath();
        }

        @Override
        public String rawPathNoParams() {
            return uri.rawPathNoParams();
        }

        @Override
        public String path() {
            return uri.path();
        }

        @Override
        public Parameters matrixParameters() {
            return uri.matrixParameters();
        }

        @Override
        public void validate() {
            uri.validate();
        }

        @Override
        public RoutedPath absolute() {
            return new Routed(uri.absolute(), pathParameters);
        }

        @Override
        public String toString() {
            return uri + " (" + pathParameters + ")";
        }
    }
}
