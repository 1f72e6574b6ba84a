package io.celeris.adapter.http;

import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.celeris.domain.user.VersionMismatchException;
import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/** RFC 9110 conditional requests on users: strong ETags from the version, If-Match, If-None-Match. */
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
     * If-Match uses the strong comparison. {@code *} matches any current version; a list matches if
     * it holds the current version.
     *
     * @return the version the write must find
     */
    static OptionalLong expectedVersion(String header, LongSupplier currentVersion, UserId id) {
        if (header.strip().equals("*")) {
            return OptionalLong.of(currentVersion.getAsLong());
        }
        List<Long> versions = new ArrayList<>();
        for (String tag : tags(header)) {
            if (tag.startsWith("W/")) {
                continue; // a weak tag never matches strongly
            }
            String inner = tag.substring(1, tag.length() - 1);
            if (!inner.isEmpty() && inner.length() <= 18 && inner.chars().allMatch(Character::isDigit)) {
                versions.add(Long.parseLong(inner));
            } else {
                versions.add(-1L); // a tag we never issued: it cannot match
            }
        }
        if (versions.size() == 1) {
            return OptionalLong.of(versions.getFirst());
        }
        long current = currentVersion.getAsLong();
        if (versions.contains(current)) {
            return OptionalLong.of(current);
        }
        throw new VersionMismatchException(id, versions.isEmpty() ? -1 : versions.getFirst(), current);
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
