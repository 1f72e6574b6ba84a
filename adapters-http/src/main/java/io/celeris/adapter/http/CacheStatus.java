package io.celeris.adapter.http;

import io.celeris.application.port.in.UserLookup;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/** RFC 9211 {@code Cache-Status} of a user read: which tier answered, or that the read went to the database. */
final class CacheStatus {

    static final HeaderName HEADER = HeaderNames.create("Cache-Status");

    private CacheStatus() {
    }

    /** A miss went forward to the database (and was stored, when caching). */
    static String of(UserLookup lookup) {
        return switch (lookup.outcome()) {
            case HIT -> (lookup.tier() == null ? "celeris" : "celeris-" + lookup.tier()) + "; hit"
                    + (lookup.stale() ? "; detail=stale-if-error" : "");
            case MISS_STORED -> "celeris; fwd=miss; stored";
            case UNCACHED -> "celeris; fwd=miss";
            case BYPASSED -> "celeris; fwd=bypass";
        };
    }
}
