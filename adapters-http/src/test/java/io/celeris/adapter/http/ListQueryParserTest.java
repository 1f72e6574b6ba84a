package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.application.PagingSettings;
import io.celeris.domain.user.UserSortKey;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.UnsupportedSortException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ListQueryParserTest {

    private final ListQueryParser parser = new ListQueryParser(new PagingSettings(20, 50, 200), CountMode.EXACT);

    @Test
    void cursorModeIsTheDefault() {
        var q = (ListQuery.ByCursor) parser.parse("");
        assertThat(q.limit()).isEqualTo(20);
        assertThat(q.cursor()).isEmpty();
        assertThat(q.sort()).isEqualTo(UserSortKey.DEFAULT);
        var full = (ListQuery.ByCursor) parser.parse("limit=50&cursor=abc.def&sort=-name&name_prefix=An"
                + "&email_domain=Example.COM&created_after=0000-01-01T00:00:00Z&created_before=9999-12-31T23:59:59.999999Z");
        assertThat(full.limit()).isEqualTo(50);
        assertThat(full.cursor()).contains("abc.def");
        assertThat(full.filter().emailDomain()).contains("example.com");
        assertThat(full.filter().createdAfter()).contains(Instant.parse("0000-01-01T00:00:00Z"));
    }

    @Test
    void pageSizeOrCountSelectOffsetMode() {
        var q = (ListQuery.ByOffset) parser.parse("page=201&size=1&count=none");
        assertThat(q.page()).isEqualTo(201);
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.count()).isEqualTo(CountMode.NONE);
        assertThat(((ListQuery.ByOffset) parser.parse("count=estimated")).page()).isEqualTo(1);
    }

    /** Row 3 of issue 10: a year past 9999 reached PostgreSQL and came back a 500. */
    @ParameterizedTest
    @ValueSource(strings = {"created_after=%2B294277-01-01T00:00:00Z", "created_before=%2B294277-01-01T00:00:00Z",
        "page=1&created_after=%2B294277-01-01T00:00:00Z", "created_after=-4714-01-01T00:00:00Z",
        "created_before=%2B999999999-12-31T23:59:59Z", "created_after=0000-01-01T00:00:00%2B00:01",
        "created_before=9999-12-31T23:59:59-00:01", "created_after=2026-01-01T00:00:00+01:00",
        "created_after=2026-02-30T00:00:00Z", "created_after=2026-01-01T00:00Z", "created_after=x"})
    void datesOutsideRfc3339OrTheStorableRangeAreInvalidParameters(String raw) {
        assertInvalidParameter(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=51", "limit=-1", "limit=%2B5", "limit=%D9%A3", "limit=1e1", "limit=",
        "limit", "limit=1&limit=1", "size=51", "page=0", "page=9223372036854775808", "page=99999999999999999999",
        "count=EXACT", "count=", "cursor=x&page=1", "limit=1&size=1", "bogus=1", "LIMIT=1", "name_prefix=",
        "name_prefix=a%00b", "name_prefix=%E2%80%AE", "email_domain=-x-.example", "sort=name&sort=email",
        "name_prefix=a%C0%AFb"})
    void badParametersAreInvalidParameters(String raw) {
        assertInvalidParameter(raw);
    }

    @Test
    void aPageStartingPastTheMaxOffsetIsAnInvalidParameterNamingPage() {
        // max-offset 200 here: a page may start at row 200, not one row further.
        assertThat(((ListQuery.ByOffset) parser.parse("page=5&size=50")).page()).isEqualTo(5);
        assertThat(((ListQuery.ByOffset) parser.parse("page=101&size=2")).page()).isEqualTo(101);
        for (String raw : List.of("page=6&size=50", "page=102&size=2", "page=202", "page=9223372036854775807&size=1",
                "page=9223372036854775807&size=50")) {
            assertInvalidParameter(raw);
        }
        assertThatThrownBy(() -> parser.parse("page=6&size=50")).isInstanceOfSatisfying(ProblemException.class, e -> {
            var problem = e.toProblem("/users");
            assertThat(problem.detail()).contains("'page'", "first 200 rows", "cursor");
        });
    }

    @Test
    void badSortsAreUnsupportedSorts() {
        assertThatThrownBy(() -> parser.parse("sort=password")).isInstanceOf(UnsupportedSortException.class);
        assertThatThrownBy(() -> parser.parse("sort=name,name")).isInstanceOf(UnsupportedSortException.class);
    }

    @Test
    void anUnknownNameIsQuotedShort() {
        assertThatThrownBy(() -> parser.parse("x".repeat(5000) + "=1")).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        assertThat(parser.parse("sort=name").sort().text()).startsWith("name");
        assertThat(parser.parse("name_prefix=a").filter().namePrefix()).isEqualTo(Optional.of("a"));
    }

    private void assertInvalidParameter(String raw) {
        assertThatThrownBy(() -> parser.parse(raw)).as(raw).isInstanceOfSatisfying(ProblemException.class,
                e -> assertThat(e.toProblem("/users").type()).isEqualTo("urn:celeris:problem:invalid-parameter"));
    }
}
