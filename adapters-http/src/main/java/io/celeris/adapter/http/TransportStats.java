package io.celeris.adapter.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what clients do to connections, since the process started (process-wide, like the metrics
 * registry they are shown in): requests abandoned by their client, connections closed because a client was
 * too slow, and answers after which the connection was closed because the request's body was left unread.
 */
public final class TransportStats {

    static final TransportStats INSTANCE = new TransportStats();

    private final LongAdder clientAborts = new LongAdder();
    private final LongAdder headerTimeouts = new LongAdder();
    private final LongAdder bodyTimeouts = new LongAdder();
    private final LongAdder unreadBodyCloses = new LongAdder();
    private final LongAdder unreadBodyDrains = new LongAdder();

    private TransportStats() {
    }

    /**
     * @return requests whose client closed or reset the connection before their body ended
     */
    public long clientAborts() {
        return clientAborts.sum();
    }

    /**
     * @return connections closed because a request's headers did not arrive within the header timeout
     */
    public long headerTimeouts() {
        return headerTimeouts.sum();
    }

    /**
     * @return connections closed because a request's body did not arrive within the body timeout
     */
    public long bodyTimeouts() {
        return bodyTimeouts.sum();
    }

    /**
     * @return answers given before the request's body was read to its end, after which the connection closed
     */
    public long unreadBodyCloses() {
        return unreadBodyCloses.sum();
    }

    /**
     * @return of {@link #unreadBodyCloses()}, those whose connection read the rest of the body, and dropped it, before
     *         it closed (so that a client still sending got its answer)
     */
    public long unreadBodyDrains() {
        return unreadBodyDrains.sum();
    }

    void clientAbort() {
        clientAborts.increment();
    }

    void headerTimeout() {
        headerTimeouts.increment();
    }

    void bodyTimeout() {
        bodyTimeouts.increment();
    }

    void unreadBodyDrained() {
        unreadBodyDrains.increment();
    }

    void unreadBodyClose() {
        unreadBodyCloses.increment();
    }
}
