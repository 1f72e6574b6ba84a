package io.celeris.adapter.http;

import io.celeris.domain.user.User;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/** Successful answers of the API: JSON bodies, and a user with its strong ETag (RFC 9110). */
final class Responses {

    private Responses() {
    }

    static void json(ServerResponse res, byte[] body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(body);
    }

    /** The user and its ETag, so that a client can make its next write or read conditional. */
    static void user(ServerResponse res, User user) {
        res.header(HeaderNames.ETAG, Preconditions.etag(user));
        json(res, UserJson.bytes(user));
    }

    /** The user, or 304 without a body when the request's {@code If-None-Match} names its current version. */
    static void userUnlessNotModified(ServerRequest req, ServerResponse res, User user) {
        Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && Preconditions.noneMatchFails(ifNoneMatch.get(), Preconditions.etag(user))) {
            res.header(HeaderNames.ETAG, Preconditions.etag(user));
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        user(res, user);
    }
}
