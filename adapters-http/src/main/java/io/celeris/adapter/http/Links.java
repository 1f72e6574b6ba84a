package io.celeris.adapter.http;

import io.celeris.domain.paging.Sort;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserSortKey;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * RFC 8288 {@code Link} headers of a cursor listing: {@code next} and {@code prev} when there are such pages, and
 * always {@code first}. The targets are relative references (resolved against the request's URI) that repeat the
 * listing's limit, sort and filters in one canonical order, so following a link keeps the listing the cursor was
 * signed for.
 */
final class Links {

    static final HeaderName LINK = HeaderNames.create("Link");

    private Links() {
    }

    /**
     * @param query the listing, of which the limit, sort and filters are kept (its cursor is not)
     * @param next  the encoded cursor of the next page, if there is one
     * @param prev  the encoded cursor of the previous page, if there is one
     * @return the header's value, e.g. {@code </users?limit=20&cursor=…>; rel="next", </users?limit=20>; rel="first"}
     */
    static String cursorListing(ListQuery.ByCursor query, Optional<String> next, Optional<String> prev) {
        String base = "/users?limit=" + query.limit() + listingQuery(query.sort(), query.filter());
        var links = new StringBuilder();
        // Cursors are base64url (and those of format 1 have a dot): nothing in them needs encoding in a query.
        next.ifPresent(c -> links.append('<').append(base).append("&cursor=").append(c).append(">; rel=\"next\", "));
        prev.ifPresent(c -> links.append('<').append(base).append("&cursor=").append(c).append(">; rel=\"prev\", "));
        return links.append('<').append(base).append(">; rel=\"first\"").toString();
    }

    /** The sort (unless the default) and filters as query parameters, in a fixed order, each value URL-encoded. */
    private static String listingQuery(Sort sort, UserFilter filter) {
        var sb = new StringBuilder();
        if (!sort.equals(UserSortKey.DEFAULT)) {
            sb.append("&sort=").append(encode(sort.text()));
        }
        filter.namePrefix().ifPresent(v -> sb.append("&name_prefix=").append(encode(v)));
        filter.emailDomain().ifPresent(v -> sb.append("&email_domain=").append(encode(v)));
        filter.createdAfter().ifPresent(v -> sb.append("&created_after=").append(encode(v.toString())));
        filter.createdBefore().ifPresent(v -> sb.append("&created_before=").append(encode(v.toString())));
        return sb.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
