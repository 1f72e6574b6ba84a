package io.celeris.adapter.http;

import io.celeris.domain.user.Precondition;
import io.celeris.domain.user.User;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** RFC 9110 conditional requests on users: strong ETags from the version, If-Match, If-None-Match (reads and changes). */
final class Preconditions {

    private Preconditions() {
    }

    /** The same on every instance: it depends only on the stored version. */
    static String etag(User user) {
        return "\"" + user.version() + "\"";
    }

    /**
     * If-None-Match uses the weak comparison: {@code W/"3"} matches {@code "3"}.
     *
     * @return true when the client's copy is current (answer 304)
     */
    static boolean noneMatchFails(String header, String etag) {
        if (header.strip().equals("*")) {
            return true;
        }
        String opaque = etag;
        for (String tag : tags(header)) {
            String t = tag.startsWith("W/") ? tag.substring(2) : tag;
            if (t.equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The request's If-Match and If-None-Match, carried to the use case, which decides them against the stored row
     * (never a cached copy). On a change, an If-None-Match that matches is a 412 (RFC 9110, 13.1.2): {@code *}
     * ("only if there is none") refuses every change to an existing user.
     */
    static Precondition of(ServerRequest req) {
        var headers = req.headers();
        Precondition ifMatch = headers.first(HeaderNames.IF_MATCH).map(Preconditions::ifMatch).orElse(Precondition.NONE);
        return Precondition.both(ifMatch,
                headers.first(HeaderNames.IF_NONE_MATCH).map(Preconditions::ifNoneMatch).orElse(Precondition.NONE));
    }

    /**
     * If-None-Match on a change uses the weak comparison, as on a read: {@code W/"3"} names version 3.
     *
     * @return the condition the write puts on the stored version
     */
    static Precondition ifNoneMatch(String header) {
        if (header.strip().equals("*")) {
            return Precondition.ABSENT;
        }
        return new Precondition.NoneOf(versions(header, true, "If-None-Match"));
    }

    /**
     * If-Match uses the strong comparison. {@code *} matches any stored version; a list matches the
     * versions it names. The condition is decided by the store with the write, never here: the edge has
     * only a cached copy, which may be behind.
     *
     * @return the condition the write puts on the stored version
     */
    static Precondition ifMatch(String header) {
        if (header.strip().equals("*")) {
            return Precondition.ANY;
        }
        // A weak tag never matches strongly.
        return new Precondition.OneOf(versions(header, false, "If-Match"));
    }

    /**
     * The versions an entity-tag list names: tags this API never issued name none.
     *
     * @param weak whether a weak tag names its version (the weak comparison) or nothing (the strong one)
     */
    private static Set<Long> versions(String header, boolean weak, String name) {
        var versions = new LinkedHashSet<Long>();
        for (String tag : tags(header)) {
            if (tag.startsWith("W/") && !weak) {
                continue;
            }
            String t = tag.startsWith("W/") ? tag.substring(2) : tag;
            String inner = t.substring(1, t.length() - 1);
            if (!inner.isEmpty() && inner.length() <= 18 && inner.chars().allMatch(c -> c >= '0' && c <= '9')) {
                versions.add(Long.parseLong(inner));
            }
        }
        if (versions.size() > Precondition.MAX_VERSIONS) {
            throw new ProblemException(Status.BAD_REQUEST_400, "invalid-header", "Invalid header",
                    name + " may name at most " + Precondition.MAX_VERSIONS + " entity tags");
        }
        return versions;
    }

    /** Splits an entity-tag list; refuses anything that is not one. */
    static List<String> tags(String header) {
        List<String> tags = new ArrayList<>();
        int i = 0;
        int n = header.length();
        while (i < n) {
            while (i < n && (header.charAt(i) == ' ' || header.charAt(i) == '\t' || header.charAt(i) == ',')) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int start = i;
            if (header.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || header.charAt(i) != '"') {
                throw malformed();
            }
            int close = header.indexOf('"', i + 1);
            if (close < 0) {
                throw malformed();
            }
            tags.add(header.substring(start, close + 1));
            i = close + 1;
        }
        if (tags.isEmpty()) {
            throw malformed();
        }
        return tags;
    }

    private static ProblemException malformed() {
        return new ProblemException(Status.BAD_REQUEST_400, "invalid-header", "Invalid header",
                "If-Match / If-None-Match must be * or a list of entity tags such as \"3\"");
    }
}
