package io.celeris.application.port.in;

/** How a read was answered, for the RFC 9211 {@code Cache-Status} header. */
public enum CacheOutcome {
    /** The cache held the value. */
    HIT,
    /** The cache missed; the value was loaded from the repository and stored. */
    MISS_STORED,
    /** Caching is off; the value came from the repository. */
    UNCACHED,
    /**
     * The read had to reflect a client's own write (a consistency token): the cache, which does not know how old its
     * entries are, was not asked, and the value read was not stored.
     */
    BYPASSED
}
