package io.celeris.adapter.cache;

/** Two instances' coherence with the lookups by script: the way of a Redis before 7.0. */
class TwoTierCoherenceByScriptTest extends TwoTierCoherenceTest {

    @Override
    boolean plainLookups() {
        return false;
    }
}
