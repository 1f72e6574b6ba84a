package io.celeris.archfixtures.badrooms.adapter.persistence;

import com.github.benmanes.caffeine.cache.Caffeine;

/** WRONG: caching is the cache adapter's business. */
public final class StoreUsesCaffeine {

    public Object cache() {
        return Caffeine.newBuilder().build();
    }
}
