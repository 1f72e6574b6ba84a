package io.celeris.adapter.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The HTTP side of an orderly shutdown: {@link #begin()} before the server stops, {@link #awaitIdle(Duration)}
 * after it, before closing what requests use (the pool, the logs).
 *
 * <p>Why: Helidon 4.5's {@code WebServer.stop()} closes the connections it has registered, but a connection it
 * accepted whose first request had not arrived yet is not registered: it goes on serving keep-alive requests until
 * the shutdown grace period ends, and then its thread is interrupted wherever it is, in the middle of writing an
 * answer too. Once begun, every answer says {@code Connection: close} and its connection closes after it
 * ({@link FramingFilter}), so no connection outlives the request it is serving. And {@code stop()} can return while
 * threads it interrupted (or gave up waiting for) are still inside a request: the requests inside the routing's
 * filters are counted, so that the service can wait until none is left (each has written its access-log line by
 * then) before it closes the logs.
 */
public final class Drain {

    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean begun;

    /** Every answer from now on closes its connection. */
    public void begin() {
        begun = true;
    }

    boolean begun() {
        return begun;
    }

    void enter() {
        inFlight.incrementAndGet();
    }

    void exit() {
        inFlight.decrementAndGet();
    }

    /**
     * @return the requests inside the routing's filters now
     */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no request is inside the routing's filters, at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return whether none is left
     */
    public boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            // Only at shutdown, and rarely more than a few loops: polling keeps the per-request cost at two atomics.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        return true;
    }
}
