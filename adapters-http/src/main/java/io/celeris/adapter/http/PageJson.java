package io.celeris.adapter.http;

import io.celeris.domain.paging.Page;
import io.celeris.domain.user.User;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON bodies of {@code GET /users} pages, as the API document describes them: the users, then how the
 * page sits in the listing (page number, size and total by offset; the cursors around it by cursor).
 */
final class PageJson {

    private PageJson() {
    }

    /**
     * {@code {"items":[...],"page":2,"size":20,"total":45,"pages":3,"total_is_estimate":false}}; total and pages
     * are {@code null} when the listing was not counted.
     */
    static Map<String, Object> offset(ListQuery.ByOffset query, Page<User> page) {
        int size = query.size();
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items().stream().map(UserJson::out).toList());
        body.put("page", query.page());
        body.put("size", size);
        body.put("total", page.total().isPresent() ? page.total().getAsLong() : null);
        body.put("pages", page.total().isPresent() ? (page.total().getAsLong() + size - 1) / size : null);
        body.put("total_is_estimate", page.totalIsEstimate());
        return body;
    }

    /**
     * {@code {"items":[...],"page_info":{"next_cursor":...,"prev_cursor":...,"has_next":...,"has_prev":...}}}.
     *
     * @param next the encoded cursor of the next page, if there is one
     * @param prev the encoded cursor of the previous page, if there is one
     */
    static Map<String, Object> cursor(Page<User> page, Optional<String> next, Optional<String> prev) {
        var pageInfo = new LinkedHashMap<String, Object>();
        pageInfo.put("next_cursor", next.orElse(null));
        pageInfo.put("prev_cursor", prev.orElse(null));
        pageInfo.put("has_next", next.isPresent());
        pageInfo.put("has_prev", prev.isPresent());
        var body = new LinkedHashMap<String, Object>();
        body.put("items", page.items().stream().map(UserJson::out).toList());
        body.put("page_info", pageInfo);
        return body;
    }
}
