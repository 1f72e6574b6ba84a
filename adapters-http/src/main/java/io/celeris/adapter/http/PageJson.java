package io.celeris.adapter.http;

import io.celeris.domain.paging.Page;
import io.celeris.domain.user.User;
import java.util.List;
import java.util.Optional;

/**
 * The JSON bodies of {@code GET /users} pages, as the API document describes them: the users, then how the
 * page sits in the listing (page number, size and total by offset; the cursors around it by cursor). Written
 * straight into the body's bytes ({@link JsonOut}): no map of the page nor record per user first.
 * {@code PageJsonTest} holds them to what Jackson writes for the same content as maps.
 */
final class PageJson {

    private static final byte[] ITEMS = JsonOut.ascii("{\"items\":[");
    private static final byte[] COMMA = JsonOut.ascii(",");
    private static final byte[] PAGE = JsonOut.ascii("],\"page\":");
    private static final byte[] SIZE = JsonOut.ascii(",\"size\":");
    private static final byte[] TOTAL = JsonOut.ascii(",\"total\":");
    private static final byte[] PAGES = JsonOut.ascii(",\"pages\":");
    private static final byte[] TOTAL_IS_ESTIMATE = JsonOut.ascii(",\"total_is_estimate\":");
    private static final byte[] NEXT_CURSOR = JsonOut.ascii("],\"page_info\":{\"next_cursor\":");
    private static final byte[] PREV_CURSOR = JsonOut.ascii(",\"prev_cursor\":");
    private static final byte[] HAS_NEXT = JsonOut.ascii(",\"has_next\":");
    private static final byte[] HAS_PREV = JsonOut.ascii(",\"has_prev\":");
    private static final byte[] END = JsonOut.ascii("}");
    private static final byte[] END_TWICE = JsonOut.ascii("}}");

    private PageJson() {
    }

    /**
     * {@code {"items":[...],"page":2,"size":20,"total":45,"pages":3,"total_is_estimate":false}}; total and pages
     * are {@code null} when the listing was not counted.
     */
    static byte[] offset(ListQuery.ByOffset query, Page<User> page) {
        int size = query.size();
        JsonOut out = items(page.items(), 96);
        out.raw(PAGE).number(query.page()).raw(SIZE).number(size);
        if (page.total().isPresent()) {
            long total = page.total().getAsLong();
            out.raw(TOTAL).number(total).raw(PAGES).number((total + size - 1) / size);
        } else {
            out.raw(TOTAL).nullValue().raw(PAGES).nullValue();
        }
        return out.raw(TOTAL_IS_ESTIMATE).bool(page.totalIsEstimate()).raw(END).toByteArray();
    }

    /**
     * {@code {"items":[...],"page_info":{"next_cursor":...,"prev_cursor":...,"has_next":...,"has_prev":...}}}.
     *
     * @param next the encoded cursor of the next page, if there is one
     * @param prev the encoded cursor of the previous page, if there is one
     */
    static byte[] cursor(Page<User> page, Optional<String> next, Optional<String> prev) {
        JsonOut out = items(page.items(), 96 + next.map(String::length).orElse(0) + prev.map(String::length).orElse(0));
        return out.raw(NEXT_CURSOR).string(next.orElse(null))
                .raw(PREV_CURSOR).string(prev.orElse(null))
                .raw(HAS_NEXT).bool(next.isPresent())
                .raw(HAS_PREV).bool(prev.isPresent())
                .raw(END_TWICE).toByteArray();
    }

    /** {@code {"items":[...} with room for {@code tail} more bytes. */
    private static JsonOut items(List<User> users, int tail) {
        var out = new JsonOut(ITEMS.length + users.size() * UserJson.TYPICAL_SIZE + tail);
        out.raw(ITEMS);
        for (int i = 0; i < users.size(); i++) {
            if (i > 0) {
                out.raw(COMMA);
            }
            UserJson.write(out, users.get(i));
        }
        return out;
    }
}
