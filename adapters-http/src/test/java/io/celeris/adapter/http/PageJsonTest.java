package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.domain.paging.CountMode;
import io.celeris.domain.paging.Cursor;
import io.celeris.domain.paging.Page;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The streamed page bodies against the same content as maps, written by Jackson's databind: the reference. */
class PageJsonTest {

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    private static List<UserJsonTest.Plain> plain(List<User> users) {
        return users.stream().map(UserJsonTest.Plain::of).toList();
    }

    @Test
    void aCursorPageIsWhatJacksonWritesForItsMap() {
        for (var nextPrev : List.of(List.of(Optional.of("next.tok_en-1"), Optional.of("prev\"tok")),
                List.of(Optional.<String>empty(), Optional.of("p")), List.of(Optional.of("n"), Optional.<String>empty()),
                List.of(Optional.<String>empty(), Optional.<String>empty()))) {
            for (List<User> items : List.of(UserJsonTest.USERS, List.<User>of())) {
                Optional<String> next = nextPrev.get(0);
                Optional<String> prev = nextPrev.get(1);
                var pageInfo = new LinkedHashMap<String, Object>();
                pageInfo.put("next_cursor", next.orElse(null));
                pageInfo.put("prev_cursor", prev.orElse(null));
                pageInfo.put("has_next", next.isPresent());
                pageInfo.put("has_prev", prev.isPresent());
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("items", plain(items));
                body.put("page_info", pageInfo);
                Page<User> page = Page.keyset(items, Optional.<Cursor>empty(), Optional.<Cursor>empty());
                assertThat(text(PageJson.cursor(page, next, prev))).isEqualTo(text(Json.write(body)));
            }
        }
    }

    @Test
    void anOffsetPageIsWhatJacksonWritesForItsMap() {
        var query = new ListQuery.ByOffset(UserSortKey.DEFAULT, UserFilter.NONE, 3, 2, CountMode.EXACT);
        for (OptionalLong total : List.of(OptionalLong.of(5), OptionalLong.of(0), OptionalLong.empty())) {
            for (boolean estimate : List.of(false, true)) {
                Page<User> page = Page.offset(UserJsonTest.USERS, total, estimate);
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("items", plain(UserJsonTest.USERS));
                body.put("page", 3);
                body.put("size", 2);
                body.put("total", total.isPresent() ? total.getAsLong() : null);
                body.put("pages", total.isPresent() ? (total.getAsLong() + 1) / 2 : null);
                // Page.offset keeps "estimate" only with a total.
                body.put("total_is_estimate", page.totalIsEstimate());
                assertThat(text(PageJson.offset(query, page))).isEqualTo(text(Json.write(body)));
            }
        }
    }
}
