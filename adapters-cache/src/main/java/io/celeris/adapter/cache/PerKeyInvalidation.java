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

    @Override
    public void invalidated(String id) {
        tiers.heard();
        tiers.l1.invalidate(id);
    }

    @Override
    public void invalidatedAll() {
        tiers.heard();
        tiers.l1.clear();
    }

    @Override
    public void generationChanged(long generation) {
        invalidatedAll(); // not sent in a per-key namespace; if it were, dropping all is the safe reading
    }

    @Override
    public void degraded() {
        // Nothing to drop now: L1 entries live their degraded lifetime from here on.
    }

    @Override
    public void recovered(boolean again) {
        if (again) {
            tiers.clearL1AfterOutage();
        }
    }

    @Override
    public boolean catchUp() {
        return tiers.replayPending();
    }
}
