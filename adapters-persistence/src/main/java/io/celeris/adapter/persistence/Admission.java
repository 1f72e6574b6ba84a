package io.celeris.adapter.persistence;

import io.celeris.application.StoreUnavailableException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The bounded wait in front of the pool. Virtual threads make ten thousand concurrent requests cheap;
 * without this they would all queue inside the pool for its whole connection timeout and then fail.
 * Here at most {@code permits} run, at most {@code queue} wait (each at most {@code timeout}), and the
 * rest are refused at once: a fast, honest "unavailable" instead of a hang.
 *
 * <p>Turns go first come, first served, handed by the request that ends to the one that waited longest. A waiter
 * parks without a deadline of its own: one timer (a thread of this admission, armed only while some wait) ends the
 * waits that reach the timeout. A virtual thread's timed park would instead schedule and cancel a task of the JDK's
 * delay scheduler each time, and wake its thread: on an uncached read path that waits at every request, 5,000 wake-ups
 * a second and ~8% of a core on 2 cores.
 */
final class Admission implements AutoCloseable {

    private static final int WAITING = 0;
    private static final int GRANTED = 1;
    private static final int TIMED_OUT = 2;
    private static final int CANCELLED = 3;

    private final ReentrantLock lock = new ReentrantLock();
    /** Waiters in arrival order: their deadlines are in the same order. Guarded by {@link #lock}. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final int queue;
    private final long timeoutNanos;
    private final LongAdder rejected = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    /** Turns free now; while any is, nobody waits. Guarded by {@link #lock}. */
    private int free;
    /** Guarded by {@link #lock}; made at the first wait. */
    private ScheduledExecutorService timer;
    /** True while a timeout check is scheduled. Guarded by {@link #lock}. */
    private boolean timerArmed;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    private final CallDeadline deadline;

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        final long deadline;
        volatile int state = WAITING;

        Waiter(long deadline) {
            this.deadline = deadline;
        }
    }

    Admission(int permits, DatabaseSettings.Admission settings) {
        this(permits, settings, Duration.ZERO);
    }

    /**
     * @param callTimeout longest a call may run once it has its turn ({@link CallDeadline}); zero for no bound
     */
    Admission(int permits, DatabaseSettings.Admission settings, Duration callTimeout) {
        this.free = permits;
        this.queue = settings.queue();
        this.timeoutNanos = settings.timeout().toNanos();
        this.deadline = new CallDeadline(callTimeout);
    }

    <T> T call(Supplier<T> work) {
        acquire();
        CallDeadline.Call call = deadline.begin();
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (call != null && call.end()) {
                throw new StoreUnavailableException("the database did not answer within " + deadline.timeout(), e,
                        true);
            }
            throw unavailableIfConnectionFailure(e);
        } finally {
            if (call != null) {
                call.end();
            }
            release();
        }
    }

    /** @return the calls the call deadline ended */
    long callsPastDeadline() {
        return deadline.ended();
    }

    private void acquire() {
        Waiter waiter;
        lock.lock();
        try {
            if (free > 0) {
                free--;
                return;
            }
            if (closed) {
                throw new StoreUnavailableException("the database is closed", null);
            }
            if (waiters.size() >= queue) {
                rejected.increment();
                throw new StoreUnavailableException("the database is busy: too many requests are waiting", null);
            }
            waiter = new Waiter(System.nanoTime() + timeoutNanos);
            waiters.addLast(waiter);
            armTimer();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (waiter.state == WAITING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                interrupted = true;
                if (cancel(waiter)) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted while waiting for the database", null);
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // the turn came anyway: use it, and leave the interrupt to the caller
        }
        if (waiter.state == TIMED_OUT) {
            timedOut.increment();
            throw new StoreUnavailableException("the database is busy: no turn within the admission timeout", null);
        }
    }

    /** Hands the turn to the longest waiter, or frees it. */
    private void release() {
        Waiter next;
        lock.lock();
        try {
            next = waiters.pollFirst();
            if (next == null) {
                free++;
            } else {
                next.state = GRANTED;
            }
        } finally {
            lock.unlock();
        }
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    /** @return true if the waiter left the queue; false if its turn (or its timeout) came first */
    private boolean cancel(Waiter waiter) {
        lock.lock();
        try {
            if (waiter.state != WAITING) {
                return false;
            }
            waiters.remove(waiter);
            waiter.state = CANCELLED;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Schedules the check of the longest waiter's deadline, unless one is scheduled. Under {@link #lock}. */
    private void armTimer() {
        if (timerArmed || closed || waiters.isEmpty()) {
            return;
        }
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .name("celeris-db-admission-timer").daemon(true).factory());
        }
        timerArmed = true;
        long delay = Math.max(0, waiters.peekFirst().deadline - System.nanoTime());
        timer.schedule(this::expire, delay, TimeUnit.NANOSECONDS);
    }

    /** Ends the waits past their deadline, then arms the timer for the next one. */
    private void expire() {
        List<Waiter> expired = new ArrayList<>();
        lock.lock();
        try {
            timerArmed = false;
            long now = System.nanoTime();
            for (Waiter w = waiters.peekFirst(); w != null && now - w.deadline >= 0; w = waiters.peekFirst()) {
                waiters.pollFirst();
                w.state = TIMED_OUT;
                expired.add(w);
            }
            armTimer();
        } finally {
            lock.unlock();
        }
        expired.forEach(w -> LockSupport.unpark(w.thread));
    }

    int waiting() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    long rejected() {
        return rejected.sum();
    }

    long timedOut() {
        return timedOut.sum();
    }

    /** Ends every wait now (as timed out) and stops the timer; turns still held are handed back as usual. */
    @Override
    public void close() {
        deadline.close();
        List<Waiter> ended;
        lock.lock();
        try {
            closed = true;
            ended = new ArrayList<>(waiters);
            waiters.clear();
            ended.forEach(w -> w.state = TIMED_OUT);
            if (timer != null) {
                timer.shutdownNow();
            }
        } finally {
            lock.unlock();
        }
        ended.forEach(w -> LockSupport.unpark(w.thread));
    }

    /**
     * Connection-level failures (pool timeout, database down or restarting) are "unavailable", not bugs. Whether the
     * work may have reached the database is read from the first such failure in the chain: no connection to be had
     * (the pool's timeout, which wraps the driver's "cannot connect"; a refused TCP connect; SQLSTATE 08001, 08004,
     * 57P03) means nothing was sent; a connection that broke or a server shut down under a statement (other 08 and
     * 57P states) means a statement may have run, a commit among them.
     */
    static RuntimeException unavailableIfConnectionFailure(RuntimeException e) {
        if (e instanceof StoreUnavailableException) {
            return e; // mapped already (by the breaker, inside the turn)
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof java.net.ConnectException) {
                return new StoreUnavailableException("the database is unavailable", e);
            }
            String state = t instanceof SQLException sql ? sql.getSQLState() : null;
            if (t instanceof SQLNonTransientConnectionException
                    || state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                boolean notConnected = "08001".equals(state) || "08004".equals(state) || "57P03".equals(state);
                return new StoreUnavailableException("the database is unavailable", e, !notConnected);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }
}
