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

    /** Raw paths under a service's prefix, as a client may send them. */
    private static final List<String> UNDER_USERS = List.of("/users", "/users/", "/users/x", "/users/x/", "/users//x",
            "/users/x/y", "/users%2Fx", "/users/a%2Fb", "/users/%2F", "/users/.", "/users/..", "/users/./x",
            "/users/x/..", "/users;v=1/x", "/users/x;v=1", "/usersx", "/users-x/y", "/USERS/x", "/us%65rs/x", "/", "",
            "//users/x", "/admin/../users/x", "/users/0190d7a2-0000-7000-8000-000000000001", "/users/%C3%A9t%C3%A9",
            "/users/a%20b", "/users/a%0Ab", "/users?x=/y");

    /**
     * A route registered flat at its whole path matches what it matched as the route of a service mounted at the
     * prefix, which Helidon matches in two steps: the service's prefix, then the route on what is left of the path.
     */
    @Test
    void aFlatRouteMatchesWhatTheSameRouteUnderAServiceMatched() {
        PathMatcher service = PathMatchers.create("/users");
        PathMatcher segment = SegmentPathMatcher.of("/users/{id}").orElseThrow();
        PathMatcher root = LiteralPathMatcher.of("/users", true).orElseThrow();
        for (String raw : UNDER_USERS) {
            UriPath path = UriPath.create(raw);
            var prefix = service.prefixMatch(path);
            var nestedSegment = prefix.accepted()
                    ? PathMatchers.create("/{id}").match(prefix.unmatchedPath()) : PathMatchers.MatchResult.notAccepted();
            var nestedRoot = prefix.accepted()
                    ? PathMatchers.create("/").match(prefix.unmatchedPath()) : PathMatchers.MatchResult.notAccepted();
            var flat = segment.match(path);
            assertThat(flat.accepted()).as(raw).isEqualTo(nestedSegment.accepted());
            if (flat.accepted()) {
                assertThat(flat.path().pathParameters().first("id").orElseThrow()).as(raw)
                        .isEqualTo(nestedSegment.path().pathParameters().first("id").orElseThrow());
            }
            assertThat(root.match(path).accepted()).as(raw).isEqualTo(nestedRoot.accepted());
        }
        assertThat(segment.matchingElement()).contains("/users/{id}");
        assertThat(root.matchingElement()).contains("/users");
        // Not vacuous: each kind of path is among them.
        assertThat(UNDER_USERS).anyMatch(raw -> segment.match(UriPath.create(raw)).accepted())
                .anyMatch(raw -> root.match(UriPath.create(raw)).accepted())
                .anyMatch(raw -> !segment.match(UriPath.create(raw)).accepted() && !root.match(UriPath.create(raw)).accepted());
    }

    /** A literal route that is not a service's root is its path alone, as {@code /ceiling} under {@code /bench} was. */
    @Test
    void aFlatLiteralRouteMatchesWhatItMatchedUnderItsService() {
        PathMatcher service = PathMatchers.create("/bench");
        PathMatcher flat = LiteralPathMatcher.of("/bench/ceiling", false).orElseThrow();
        for (String raw : List.of("/bench/ceiling", "/bench/ceiling/", "/bench//ceiling", "/bench/./ceiling",
                "/bench/ceiling/x", "/bench/ceilingx", "/bench", "/bench/", "/bench%2Fceiling", "/bench/ceiling;v=1",
                "/BENCH/ceiling", "/x/../bench/ceiling")) {
            UriPath path = UriPath.create(raw);
            var prefix = service.prefixMatch(path);
            boolean nested = prefix.accepted() && PathMatchers.create("/ceiling").match(prefix.unmatchedPath()).accepted();
            assertThat(flat.match(path).accepted()).as(raw).isEqualTo(nested);
        }
        assertThat(LiteralPathMatcher.of("/bench/{x}", false)).isEmpty();
        assertThat(LiteralPathMatcher.of("/bench/*", false)).isEmpty();
        assertThat(LiteralPathMatcher.of("/", true)).isEmpty();
    }

    @Test
    void onlyOneNamedSegmentIsTakenOtherTemplatesStayHelidons() {
        assertThat(SegmentPathMatcher.of("/{id}")).isPresent();
        assertThat(SegmentPathMatcher.of("/{userId}")).isPresent();
        assertThat(SegmentPathMatcher.of("/x/{id}")).isPresent();
        assertThat(SegmentPathMatcher.of("/users/v-1/{id}")).isPresent();
        for (String other : List.of("/", "/ceiling", "/{id}/x", "/x/{id}/y", "/{a}/{id}", "/x.y/{id}", "/x*/{id}", "/{+id}", "/{id:\\d+}", "/{}", "/{*}",
                "{id}", "/[{id}]", "/*")) {
            assertThat(SegmentPathMatcher.of(other)).as(other).isEmpty();
        }
    }
}
