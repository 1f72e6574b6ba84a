package io.celeris.adapter.cache;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Spreads lifetimes by up to ±{@code ratio}, so entries written together (a warm-up, a burst of
 * traffic after a deploy) do not all expire in the same instant and stampede the database.
 */
record Jitter(double ratio) {

    Jitter {
        if (!(ratio >= 0 && ratio < 1)) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + ratio);
        }
    }

    /**
     * @param nanos a lifetime
     * @return the lifetime moved by a random amount within ±ratio, at least 1
     */
    long apply(long nanos) {
        if (ratio == 0) {
            return nanos;
        }
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-ratio, ratio);
        return Math.max(1, (long) (nanos * factor));
    }
}
