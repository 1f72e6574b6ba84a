package io.celeris.archfixtures.badports.application.port.in;

/** Fine: an enum; the test checks it is NOT reported. */
public enum Freshness {
    CACHED,
    LOADED
}
