package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PathFilterTest {

    @Test
    void pathParametersAndEncodedSlashesAndDotsAreAmbiguous() {
        for (String path : List.of(";", "/users;x=y", "/users/1;", "/users/..;/admin", "/a%2Fb", "/a%2fb", "/%2e%2e/x",
                "/%2E", "/users/%2e", "/x%2f")) {
            assertThat(PathFilter.ambiguous(path)).as(path).isTrue();
        }
    }

    @Test
    void everythingElseIsNot() {
        for (String path : List.of("", "/", "/users", "/users/0190f0a8-6c1e-7b3a-9d1e-2f4b5c6d7e8f", "/users/%20",
                "/users/%252f", "/a%2", "/a%2", "/a%", "/a%3Bb", "/a%2gb", "/a%21", "/users/../admin", "/users/./x",
                "//users")) {
            assertThat(PathFilter.ambiguous(path)).as(path).isFalse();
        }
    }
}
