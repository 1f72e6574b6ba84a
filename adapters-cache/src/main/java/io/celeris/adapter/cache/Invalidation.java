package io.celeris.adapter.cache;

/**
 * How a {@link TwoTierCache} names what it stores and drops it on every instance: {@link PerKeyInvalidation}
 * (one key at a time) or {@link GenerationalInvalidation} (the whole namespace at once). It also hears the other
 * instances ({@link InvalidationBus.Listener}) and Redis being lost and back ({@link RedisRuntime.Member}).
 */
sealed interface Invalidation extends InvalidationBus.Listener, RedisRuntime.Member
        permits PerKeyInvalidation, GenerationalInvalidation {

    /**
     * @param key the text of a key
     * @return the text it is stored under now, or null while nothing may be cached
     */
    String id(String key);

    /** Drops one key here, in Redis and on the other instances. */
    void invalidate(String key);

    /** Drops every key here, in Redis and on the other instances. */
    void invalidateAll();
}
