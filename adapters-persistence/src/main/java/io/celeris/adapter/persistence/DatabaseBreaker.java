package io.celeris.adapter.persistence;

import io.celeris.application.StoreUnavailableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The circuit breaker in front of the pool. Once a database call has failed for want of a connection (the
 * database is down, restarting, unreachable), every further call is refused at once, without waiting for a turn
 * or for the pool's connection timeout, until one probe in the background gets a working connection again. Without
 * it each request of an outage waited the admission timeout plus the connection timeout (4 s by default) to learn
 * what the first one already knew.
 *
 * <p>The probe opens a connection of its own straight from the driver, every {@code pause}, and closes it. While
 * the breaker is open HikariCP's connection adder waits at the {@link GatedDataSource} instead of failing with a
 * growing back-off; the probe's success lets it through, so the pool refills right after the database is back.
 */
final class DatabaseBreaker implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DatabaseBreaker.class.getName());

    private final BooleanSupplier probe;
    private final Duration pause;
    private final AtomicBoolean open = new AtomicBoolean();
    // A lock and condition, not a monitor: waiting here must not pin a virtual thread.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition reopened = lock.newCondition();
    private final LongAdder opened = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile boolean closed;

    /**
     * @param probe true when the database serves again (a connection of its own, not from the pool)
     * @param pause wait between two probes that failed at once
     */
    DatabaseBreaker(BooleanSupplier probe, Duration pause) {
        this.probe = probe;
        this.pause = pause;
    }

    /**
     * Runs the work unless the breaker is open; a connection failure of the work opens it.
     *
     * @throws StoreUnavailableException at once while open, or when the work failed for want of a connection
     */
    <T> T call(Supplier<T> work) {
        refuseIfOpen();
        try {
            return work.get();
        } catch (RuntimeException e) {
            RuntimeException mapped = Admission.unavailableIfConnectionFailure(e);
            if (mapped != e) {
                trip(e);
            }
            throw mapped;
        }
    }

    /** @throws StoreUnavailableException while the breaker is open */
    void refuseIfOpen() {
        if (open.get()) {
            refused.increment();
            throw new StoreUnavailableException("the database is unavailable", null);
        }
    }

    /** Returns at once while closed; while open, waits until the probe closes it (or the breaker shuts down). */
    void awaitClosed() throws InterruptedException {
        if (!open.get()) {
            return;
        }
        lock.lock();
        try {
            while (open.get() && !closed) {
                reopened.await(1, TimeUnit.SECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isOpen() {
        return open.get();
    }

    long timesOpened() {
        return opened.sum();
    }

    long refused() {
        return refused.sum();
    }

    /** Opens the breaker (if it is not open yet) and starts the probe that will close it. */
    void trip(Throwable cause) {
        if (closed || !open.compareAndSet(false, true)) {
            return;
        }
        opened.increment();
        LOG.log(Level.WARNING, "database unavailable: refusing database work at once until a probe reconnects ("
                + cause + ")");
        Thread.ofVirtual().name("celeris-db-probe").start(this::probeUntilBack);
    }

    private void probeUntilBack() {
        long since = System.nanoTime();
        while (!closed) {
            boolean up;
            try {
                up = probe.getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            if (up) {
                release();
                LOG.info(() -> "database available again after " + (System.nanoTime() - since) / 1_000_000 + " ms");
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void release() {
        open.set(false);
        lock.lock();
        try {
            reopened.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops probing and lets every waiter go (the pool is closing). */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            reopened.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
