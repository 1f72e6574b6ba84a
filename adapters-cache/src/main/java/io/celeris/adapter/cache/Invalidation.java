package io.celeris.adapter.cache;

/**
 * How a {@link TwoTierCache} names what it stores and drops it on every instance: {@link PerKeyInvalidation}
 * (one key at a time) or {@link GenerationalInvalidation} (the whole namespace at once). What both do alike
 * (messages heard, L1 cleared after an outage, deletes replayed) is the cache's; these are the differences.
 */
sealed interface Invalidation permits PerKeyInvalidation, GenerationalInvalidation {

    /**
     * @param key the text of a key
     * @return the text it is stored under now, or null while nothing may be cached
     */
    String id(String key);

    /** Drops one key here, in Redis and on the other instances. */
    void invalidate(String key);

    /** Drops every key here, in Redis and on the other instances. */
    void invalidateAll();

    /** Another instance moved the namespace to {@code generation}; L1 is cleared after. Must not block. */
    void generationHeard(long generation);

    /** Redis is lost: stop trusting what can no longer be heard. Must not block (runs on I/O threads). */
    void lost();

    /**
     * Redis is back (or reached for the first time), L1 cleared if it was an outage.
     *
     * @param again true after an outage: invalidations may have been missed
     */
    void back(boolean again);

    /** @return true when nothing of this strategy waits for Redis any more (it may try now) */
    boolean caughtUp();
}
