package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentPathMatcherTest {

    /** Raw paths as a client may send them: encoded slashes, matrix parameters, empty and doubled segments. */
    private static final List<String> PATHS = List.of("/0190d7a2-0000-7000-8000-000000000001", "/x", "/", "", "//",
            "/a/b", "/a/", "a", "/a%2Fb", "/a%20b", "/%C3%A9t%C3%A9", "/a;v=1", "/a;v=1/b", "/;v=1", "/..", "/.",
            "/a%0Ab", "/emoji%F0%9F%98%80", "/a?b", "/users");

    @Test
    void matchesWhatHelidonsPatternMatcherMatchesWithTheSameParameter() {
        PathMatcher ours = SegmentPathMatcher.of("/{id}").orElseThrow();
        PathMatcher helidon = PathMatchers.create("/{id}");
        for (String raw : PATHS) {
            UriPath path = UriPath.create(raw);
            var expected = helidon.match(path);
            var actual = ours.match(path);
            assertThat(actual.accepted()).as(raw).isEqualTo(expected.accepted());
            if (expected.accepted()) {
                assertThat(actual.path().pathParameters().first("id").orElseThrow()).as(raw)
                        .isEqualTo(expected.path().pathParameters().first("id").orElseThrow());
                assertThat(actual.path().pathParameters().names()).as(raw).containsExactly("id");
                assertThat(actual.path().path()).as(raw).isEqualTo(expected.path().path());
                assertThat(actual.path().rawPath()).as(raw).isEqualTo(expected.path().rawPath());
                assertThat(actual.path().absolute().path()).as(raw).isEqualTo(expected.path().absolute().path());
            }
            var expectedPrefix = helidon.prefixMatch(path);
            assertThat(ours.prefixMatch(path).accepted()).as(raw).isEqualTo(expectedPrefix.accepted());
        }
        assertThat(ours.matchingElement()).contains("/{id}");
    }

    @Test
    void onlyOneNamedSegmentIsTakenOtherTemplatesStayHelidons() {
        assertThat(SegmentPathMatcher.of("/{id}")).isPresent();
        assertThat(SegmentPathMatcher.of("/{userId}")).isPresent();
        for (String other : List.of("/", "/ceiling", "/{id}/x", "/x/{id}", "/{+id}", "/{id:\\d+}", "/{}", "/{*}",
                "{id}", "/[{id}]", "/*")) {
            assertThat(SegmentPathMatcher.of(other)).as(other).isEmpty();
        }
    }
}
