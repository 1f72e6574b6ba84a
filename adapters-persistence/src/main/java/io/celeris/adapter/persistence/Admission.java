package io.celeris.adapter.persistence;

import io.celeris.application.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The bounded wait in front of the pool. Virtual threads make ten thousand concurrent requests cheap;
 * without this they would all queue inside the pool for its whole connection timeout and then fail.
 * Here at most {@code permits} run, at most {@code queue} wait (each at most {@code timeout}), and the
 * rest are refused at once: a fast, honest "unavailable" instead of a hang.
 */
final class Admission {

    private final Semaphore permits;
    private final int queue;
    private final long timeoutNanos;
    private final AtomicInteger waiting = new AtomicInteger();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder timedOut = new LongAdder();

    Admission(int permits, DatabaseSettings.Admission settings) {
        // Fair, so that a waiter is not overtaken forever by newcomers.
        this.permits = new Semaphore(permits, true);
        this.queue = settings.queue();
        this.timeoutNanos = settings.timeout().toNanos();
    }

    <T> T call(Supplier<T> work) {
        if (!permits.tryAcquire()) {
            if (waiting.incrementAndGet() > queue) {
                waiting.decrementAndGet();
                rejected.increment();
                throw new StoreUnavailableException("the database is busy: too many requests are waiting", null);
            }
            try {
                if (!permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
                    timedOut.increment();
                    throw new StoreUnavailableException("the database is busy: no turn within the admission timeout", null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreUnavailableException("interrupted while waiting for the database", e);
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            throw unavailableIfConnectionFailure(e);
        } finally {
            permits.release();
        }
    }

    int waiting() {
        return waiting.get();
    }

    long rejected() {
        return rejected.sum();
    }

    long timedOut() {
        return timedOut.sum();
    }

    /** Connection-level failures (pool timeout, database down or restarting) are "unavailable", not bugs. */
    static RuntimeException unavailableIfConnectionFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException
                    || t instanceof SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return new StoreUnavailableException("the database is unavailable", e);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }
}
