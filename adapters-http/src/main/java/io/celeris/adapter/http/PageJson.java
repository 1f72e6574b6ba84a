package io.celeris.adapter.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.celeris.domain.paging.Page;
import io.celeris.domain.user.User;
import java.io.IOException;
import java.util.Optional;

/**
 * The JSON bodies of {@code GET /users} pages, as the API document describes them: the users, then how the
 * page sits in the listing (page number, size and total by offset; the cursors around it by cursor). Written
 * token by token into the body's bytes ({@link Json#stream}): no map of the page nor record per user first.
 * {@code PageJsonTest} holds them to what Jackson writes for the same content as maps.
 */
final class PageJson {

    private PageJson() {
    }

    /**
     * {@code {"items":[...],"page":2,"size":20,"total":45,"pages":3,"total_is_estimate":false}}; total and pages
     * are {@code null} when the listing was not counted.
     */
    static byte[] offset(ListQuery.ByOffset query, Page<User> page) {
        int size = query.size();
        return Json.stream(g -> {
            g.writeStartObject();
            items(g, page);
            g.writeNumberField("page", query.page());
            g.writeNumberField("size", size);
            if (page.total().isPresent()) {
                long total = page.total().getAsLong();
                g.writeNumberField("total", total);
                g.writeNumberField("pages", (total + size - 1) / size);
            } else {
                g.writeNullField("total");
                g.writeNullField("pages");
            }
            g.writeBooleanField("total_is_estimate", page.totalIsEstimate());
            g.writeEndObject();
        });
    }

    /**
     * {@code {"items":[...],"page_info":{"next_cursor":...,"prev_cursor":...,"has_next":...,"has_prev":...}}}.
     *
     * @param next the encoded cursor of the next page, if there is one
     * @param prev the encoded cursor of the previous page, if there is one
     */
    static byte[] cursor(Page<User> page, Optional<String> next, Optional<String> prev) {
        return Json.stream(g -> {
            g.writeStartObject();
            items(g, page);
            g.writeObjectFieldStart("page_info");
            cursorField(g, "next_cursor", next);
            cursorField(g, "prev_cursor", prev);
            g.writeBooleanField("has_next", next.isPresent());
            g.writeBooleanField("has_prev", prev.isPresent());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void items(JsonGenerator g, Page<User> page) throws IOException {
        char[] scratch = new char[Rfc3339.MAX_UTC_LENGTH];
        g.writeArrayFieldStart("items");
        for (User u : page.items()) {
            UserJson.write(g, u, scratch);
        }
        g.writeEndArray();
    }

    private static void cursorField(JsonGenerator g, String name, Optional<String> cursor) throws IOException {
        if (cursor.isPresent()) {
            g.writeStringField(name, cursor.get());
        } else {
            g.writeNullField(name);
        }
    }
}
