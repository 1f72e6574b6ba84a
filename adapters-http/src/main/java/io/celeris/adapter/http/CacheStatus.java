package io.celeris.adapter.http;

import io.celeris.application.port.in.UserLookup;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;

/** RFC 9211 {@code Cache-Status} of a user read: which tier answered, or that the read went to the database. */
final class CacheStatus {

    static final HeaderName HEADER = HeaderNames.create("Cache-Status");

    // The answers of nearly every read, their bytes prepared and checked once.
    private static final Header L1_HIT = CheckedHeader.of(HEADER, "celeris-l1; hit");
    private static final Header L2_HIT = CheckedHeader.of(HEADER, "celeris-l2; hit");
    private static final Header MISS_STORED = CheckedHeader.of(HEADER, "celeris; fwd=miss; stored");
    private static final Header UNCACHED = CheckedHeader.of(HEADER, "celeris; fwd=miss");
    private static final Header BYPASSED = CheckedHeader.of(HEADER, "celeris; fwd=bypass");

    private CacheStatus() {
    }

    /** A miss went forward to the database (and was stored, when caching). */
    static Header of(UserLookup lookup) {
        return switch (lookup.outcome()) {
            case HIT -> lookup.stale() ? hit(lookup) : switch (lookup.tier()) {
                case "l1" -> L1_HIT;
                case "l2" -> L2_HIT;
                case null, default -> hit(lookup);
            };
            case MISS_STORED -> MISS_STORED;
            case UNCACHED -> UNCACHED;
            case BYPASSED -> BYPASSED;
        };
    }

    private static Header hit(UserLookup lookup) {
        return HeaderValues.create(HEADER, (lookup.tier() == null ? "celeris" : "celeris-" + lookup.tier()) + "; hit"
                + (lookup.stale() ? "; detail=stale-if-error" : ""));
    }
}
