package io.celeris.adapter.cache;

/** The cache contract on the two-tier cache with its lookups by script: the way of a Redis before 7.0. */
class TwoTierCacheByScriptTest extends TwoTierCacheTest {

    @Override
    boolean plainLookups() {
        return false;
    }
}
