package io.celeris.adapter.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the entries of one cache live in one tier: in process ({@link L1Settings}) or in Redis.
 *
 * @param timeToLive how long an entry is fresh after it was written
 * @param jitter     each entry's lifetime moves by a random amount within ±this ratio of {@code timeToLive}, in
 *                   [0, 1) (0 for none), so entries written together do not expire together
 * @param maxStale   the stale-if-error window: an entry is kept this long past its lifetime, and served (marked stale)
 *                   only when reloading it fails; zero disables it
 */
public record Lifetime(Duration timeToLive, double jitter, Duration maxStale) {

    public Lifetime {
        requirePositive(timeToLive, "time to live");
        new Jitter(jitter);
        Objects.requireNonNull(maxStale, "maxStale");
        if (maxStale.isNegative()) {
            throw new IllegalArgumentException("max stale must be >= 0");
        }
    }

    /** @throws IllegalArgumentException unless {@code d} is longer than zero; the settings records share it */
    static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0");
        }
    }
}
