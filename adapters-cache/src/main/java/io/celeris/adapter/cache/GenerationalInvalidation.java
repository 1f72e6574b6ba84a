package io.celeris.adapter.cache;

import java.util.concurrent.atomic.AtomicLong;

/**
 * For values that every write may change, such as first pages of listings: every key is stored under the
 * namespace's current generation, a counter in Redis, and any invalidation moves the counter on: one INCR and one
 * message, however many entries there are, and entries of older generations are never read again (they expire).
 * The generation each instance uses is held locally and moved on by the others' messages. While it is not known
 * (before the first connection, while Redis or the subscription is down, and until a write made during an outage
 * has moved the counter on) the cache holds nothing and every read runs its loader: no value that might predate a
 * write is served.
 *
 * @param <V> value type
 */
final class GenerationalInvalidation<V> implements Invalidation {

    private static final long UNKNOWN = -1;

    private final Tiers<V> tiers;
    /** The namespace's generation in use here, or {@link #UNKNOWN}. */
    private final AtomicLong generation = new AtomicLong(UNKNOWN);
    /** The newest generation heard from the others since the last refresh began. */
    private final AtomicLong heard = new AtomicLong(UNKNOWN);
    /** A write found Redis unreachable; the counter must move on before anything is cached. */
    private volatile boolean bumpPending;

    GenerationalInvalidation(Tiers<V> tiers) {
        this.tiers = tiers;
    }

    @Override
    public String id(String key) {
        long g = generation.get();
        return g < 0 ? null : g + ":" + key;
    }

    @Override
    public void invalidate(String key) {
        // The generation is the only token a generational cache has: one key moves it like all keys.
        invalidateAll();
    }

    /**
     * Moves the namespace on (INCR), uses the new generation here at once (read-your-writes), tells the others. If
     * Redis does not answer, caches nothing until it does and the counter has moved.
     */
    @Override
    public void invalidateAll() {
        tiers.l1.clear();
        long g = tiers.l2.nextGeneration();
        if (g < 0) {
            bumpPending = true;
            generation.set(UNKNOWN);
            return;
        }
        generation.accumulateAndGet(g, Math::max);
        tiers.publishGeneration(g);
    }

    /** @return the generation in use here, -1 while unknown (tests) */
    long generation() {
        return generation.get();
    }

    @Override
    public void generationHeard(long g) {
        // Only a known generation moves on: an unknown one is learnt from Redis on recovery (which also looks at
        // what was heard meanwhile).
        heard.accumulateAndGet(g, Math::max);
        generation.getAndUpdate(current -> current < 0 ? current : Math.max(current, g));
    }

    @Override
    public void lost() {
        generation.set(UNKNOWN); // messages may be missed from now on
    }

    @Override
    public void back(boolean again) {
        if (again) {
            // The gap may hide a write whose INCR another instance has not made yet (its circuit still open): the
            // entries of the generation in Redis may predate it. Moving on drops them for everyone, at once.
            bumpPending = true;
        }
        refresh();
    }

    @Override
    public boolean caughtUp() {
        if (generation.get() < 0) {
            refresh();
        }
        return generation.get() >= 0;
    }

    /**
     * Learns the generation from Redis after a (re)connection, first moving it on if a write happened while Redis
     * was unreachable. Leaves it unknown if Redis does not answer.
     */
    private void refresh() {
        generation.set(UNKNOWN);
        heard.set(UNKNOWN);
        long g;
        if (bumpPending) {
            g = tiers.l2.nextGeneration();
            if (g < 0) {
                return;
            }
            bumpPending = false;
            tiers.publishGeneration(g);
        } else {
            g = tiers.l2.generation();
            if (g < 0) {
                return;
            }
        }
        // Set, not max: after a Redis restart the counter starts again from 0. A write of ours that moved it on
        // meanwhile has set a newer generation already, and that one stays.
        // A message heard while we asked comes from an INCR that Redis may have made after it answered us.
        generation.compareAndSet(UNKNOWN, Math.max(g, heard.get()));
    }
}
