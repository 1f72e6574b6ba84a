package io.celeris.adapter.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * The in-process cache tier.
 *
 * @param maximumSize most entries held (least recently/frequently used go first)
 * @param timeToLive  how long an entry lives after it was written
 */
public record L1Settings(long maximumSize, Duration timeToLive) {

    public L1Settings {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximum size must be >= 1");
        }
        Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("time to live must be > 0");
        }
    }
}
