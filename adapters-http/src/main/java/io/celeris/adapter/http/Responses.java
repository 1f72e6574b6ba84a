package io.celeris.adapter.http;

import io.celeris.domain.user.User;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** Successful answers of the API: JSON bodies, and a user with its strong ETag (RFC 9110). */
final class Responses {

    private Responses() {
    }

    private static final Header CONTENT_TYPE_JSON = CheckedHeader.of(HeaderNames.CONTENT_TYPE,
            HeaderValues.CONTENT_TYPE_JSON.get());

    static void json(ServerResponse res, byte[] body) {
        res.header(CONTENT_TYPE_JSON);
        res.send(body);
    }

    /** The user and its ETag, so that a client can make its next write or read conditional. */
    static void user(ServerResponse res, User user) {
        user(res, RenderedUsers.Rendered.of(user));
    }

    /** A user rendered before: its bytes, and the ETag rendered with them. */
    static void user(ServerResponse res, RenderedUsers.Rendered user) {
        res.header(user.etag());
        json(res, user.json());
    }

    /** The user, or 304 without a body when the request's {@code If-None-Match} names its current version. */
    static void userUnlessNotModified(ServerRequest req, ServerResponse res, RenderedUsers.Rendered user) {
        Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && Preconditions.noneMatchFails(ifNoneMatch.get(), user.etag().get())) {
            res.header(user.etag());
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        user(res, user);
    }
}
