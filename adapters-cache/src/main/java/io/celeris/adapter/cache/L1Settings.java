package io.celeris.adapter.cache;

import java.time.Duration;
import java.util.Objects;

/**
 * The in-process cache tier.
 *
 * @param maximumSize        most entries held (least recently/frequently used go first)
 * @param timeToLive         how long an entry is fresh after it was written
 * @param jitter             each entry's lifetime is moved by a random amount within ±this ratio of
 *                           {@code timeToLive} (0 for none, default 0.1), so entries written together do
 *                           not expire together
 * @param maxStale           the stale-if-error window: an entry is kept this long past its lifetime, and
 *                           served (marked stale) only when reloading it fails; zero disables it
 * @param degradedTimeToLive the shorter lifetime used by the two-tier cache while it cannot hear
 *                           invalidations (Redis unreachable), never more than {@code timeToLive}
 */
public record L1Settings(long maximumSize, Duration timeToLive, double jitter, Duration maxStale,
                         Duration degradedTimeToLive) {

    private static final Duration DEFAULT_DEGRADED_TTL = Duration.ofSeconds(1);

    public L1Settings {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximum size must be >= 1");
        }
        requirePositive(timeToLive, "time to live");
        new Jitter(jitter);
        Objects.requireNonNull(maxStale, "maxStale");
        if (maxStale.isNegative()) {
            throw new IllegalArgumentException("max stale must be >= 0");
        }
        requirePositive(degradedTimeToLive, "degraded time to live");
        if (degradedTimeToLive.compareTo(timeToLive) > 0) {
            degradedTimeToLive = timeToLive;
        }
    }

    /**
     * Defaults: ±10 % jitter, no stale-if-error window, 1 s lifetime while degraded. The service sets the last two
     * from {@code application.yaml} ({@code celeris.cache.max-stale}, {@code celeris.cache.l1.degraded-ttl}).
     *
     * @param maximumSize most entries held
     * @param timeToLive  how long an entry is fresh after it was written
     */
    public L1Settings(long maximumSize, Duration timeToLive) {
        this(maximumSize, timeToLive, Jitter.DEFAULT_RATIO, Duration.ZERO, DEFAULT_DEGRADED_TTL);
    }

    /**
     * @param ratio the jitter ratio, in [0, 1)
     * @return these settings with that jitter
     */
    public L1Settings withJitter(double ratio) {
        return new L1Settings(maximumSize, timeToLive, ratio, maxStale, degradedTimeToLive);
    }

    /**
     * @param window the stale-if-error window
     * @return these settings with that window
     */
    public L1Settings withMaxStale(Duration window) {
        return new L1Settings(maximumSize, timeToLive, jitter, window, degradedTimeToLive);
    }

    /**
     * @param ttl the lifetime while invalidations cannot arrive
     * @return these settings with that lifetime
     */
    public L1Settings withDegradedTimeToLive(Duration ttl) {
        return new L1Settings(maximumSize, timeToLive, jitter, maxStale, ttl);
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0");
        }
    }
}
