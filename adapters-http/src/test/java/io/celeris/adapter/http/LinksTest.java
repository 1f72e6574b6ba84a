package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.PagingSettings;
import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LinksTest {

    private static final Pattern LINK = Pattern.compile("<([^>]*)>; rel=\"(\\w+)\"");
    private static final ListQueryParser PARSER = new ListQueryParser(new PagingSettings(20, 50, 200), CountMode.EXACT);

    @Test
    void aFirstPageOfTheDefaultListingLinksOnlyToItselfWithoutTheDefaultSort() {
        var query = new ListQuery.ByCursor(UserSortKey.DEFAULT, UserFilter.NONE, 20, Optional.empty());
        assertThat(Links.cursorListing(query, Optional.empty(), Optional.empty()))
                .isEqualTo("</users?limit=20>; rel=\"first\"");
    }

    @Test
    void nextThenPrevThenFirstEachRepeatingLimitSortAndFilters() {
        // The sort is written as the listing reads it, with the id tie-breaker that makes it total.
        var query = new ListQuery.ByCursor(sort("-name,created_at"), filter("Ann", "corp.example"), 5,
                Optional.of("ignored.token"));
        assertThat(Links.cursorListing(query, Optional.of("n3xt_-.t0k"), Optional.of("pr3v.t0k")))
                .isEqualTo("</users?limit=5&sort=-name%2Ccreated_at%2Cid&name_prefix=Ann&email_domain=corp.example"
                        + "&cursor=n3xt_-.t0k>; rel=\"next\", "
                        + "</users?limit=5&sort=-name%2Ccreated_at%2Cid&name_prefix=Ann&email_domain=corp.example"
                        + "&cursor=pr3v.t0k>; rel=\"prev\", "
                        + "</users?limit=5&sort=-name%2Ccreated_at%2Cid&name_prefix=Ann&email_domain=corp.example>; rel=\"first\"");
        assertThat(links(Links.cursorListing(query, Optional.empty(), Optional.of("p")))).containsOnlyKeys("prev", "first");
        assertThat(links(Links.cursorListing(query, Optional.of("n"), Optional.empty()))).containsOnlyKeys("next", "first");
    }

    @Test
    void filterValuesAreEncodedSoThatNoneCanBreakTheQueryOrTheLink() {
        var filter = new UserFilter(Optional.of("A b&sort=x#>; rel=\"y\"+%é😀"), Optional.empty(),
                Optional.of(Instant.parse("2026-01-01T00:00:00.5Z")), Optional.of(Instant.parse("2027-01-01T00:00:00Z")));
        String header = Links.cursorListing(new ListQuery.ByCursor(UserSortKey.DEFAULT, filter, 7, Optional.empty()),
                Optional.empty(), Optional.empty());
        assertThat(header).isEqualTo("</users?limit=7&name_prefix=A+b%26sort%3Dx%23%3E%3B+rel%3D%22y%22%2B%25%C3%A9%F0%9F%98%80"
                + "&created_after=2026-01-01T00%3A00%3A00.500Z&created_before=2027-01-01T00%3A00%3A00Z>; rel=\"first\"");
    }

    /** Following a link gives back the listing it was made for: the same limit, sort, filters and cursor. */
    @Test
    void everyLinkParsesBackToItsListing() {
        var filter = new UserFilter(Optional.of("Zoë & \"co\" + 100%"), Optional.of("Sub.Example.ORG"),
                Optional.of(Instant.parse("0000-01-01T00:00:00Z")), Optional.of(Instant.parse("9999-12-31T23:59:59.999999Z")));
        var query = new ListQuery.ByCursor(sort("email,-last_login_at"), filter, 50, Optional.empty());
        Map<String, String> links = links(Links.cursorListing(query, Optional.of("abc.DEF"), Optional.of("x-y_z.0")));
        assertThat(links).containsOnlyKeys("next", "prev", "first");
        links.forEach((rel, target) -> {
            assertThat(target).startsWith("/users?");
            var back = (ListQuery.ByCursor) PARSER.parse(target.substring("/users?".length()));
            assertThat(back.limit()).as(rel).isEqualTo(50);
            assertThat(back.sort()).as(rel).isEqualTo(query.sort());
            assertThat(back.filter()).as(rel).isEqualTo(filter);
            assertThat(back.cursor()).as(rel).isEqualTo(switch (rel) {
                case "next" -> Optional.of("abc.DEF");
                case "prev" -> Optional.of("x-y_z.0");
                default -> Optional.empty();
            });
        });
    }

    private static Sort sort(String text) {
        return Sort.parse(text, UserSortKey.SORTABLE);
    }

    private static UserFilter filter(String namePrefix, String emailDomain) {
        return new UserFilter(Optional.of(namePrefix), Optional.of(emailDomain), Optional.empty(), Optional.empty());
    }

    private static Map<String, String> links(String header) {
        Map<String, String> links = new LinkedHashMap<>();
        Matcher m = LINK.matcher(header);
        while (m.find()) {
            links.put(m.group(2), m.group(1));
        }
        return links;
    }
}
