package io.celeris.archfixtures.good.application.port.in;

/** A closed set of constants on a port, like CacheOutcome: enums are allowed. */
public enum Freshness {
    CACHED,
    LOADED
}
