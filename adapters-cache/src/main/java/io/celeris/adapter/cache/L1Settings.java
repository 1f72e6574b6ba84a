package io.celeris.adapter.cache;

import java.util.Objects;

/**
 * The in-process cache tier.
 *
 * @param maximumSize most entries held (least recently/frequently used go first)
 * @param lifetime    how long an entry is fresh, how much that is spread, and its stale-if-error window
 */
public record L1Settings(long maximumSize, Lifetime lifetime) {

    public L1Settings {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximum size must be >= 1");
        }
        Objects.requireNonNull(lifetime, "lifetime");
    }
}
