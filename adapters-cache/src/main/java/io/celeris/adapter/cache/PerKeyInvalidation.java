package io.celeris.adapter.cache;

/**
 * Keys stored under their own text, dropped one by one: a write deletes the key in Redis (with its load token)
 * and tells the others to drop it from their L1.
 *
 * @param <V> value type
 */
final class PerKeyInvalidation<V> implements Invalidation {

    private final Tiers<V> tiers;

    PerKeyInvalidation(Tiers<V> tiers) {
        this.tiers = tiers;
    }

    @Override
    public String id(String key) {
        return key;
    }

    @Override
    public void invalidate(String key) {
        // Redis first, then L1: a local read between the two would otherwise refill L1 from the old
        // Redis entry. Then the others.
        tiers.l2.invalidate(key);
        tiers.l1.invalidate(key);
        tiers.publishKey(key);
    }

    @Override
    public void invalidateAll() {
        tiers.l2.clear();
        tiers.l1.clear();
        tiers.publishAll();
    }

    /** Never sent in a per-key namespace; the clear that follows is the safe reading if it were. */
    @Override
    public void generationHeard(long generation) {
    }

    /** Nothing to drop: L1 entries live their degraded lifetime from here on. */
    @Override
    public void lost() {
    }

    /** The cleared L1 is all: keys are their own names. */
    @Override
    public void back(boolean again) {
    }

    @Override
    public boolean caughtUp() {
        return true;
    }
}
