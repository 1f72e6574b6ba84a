package io.celeris.adapter.persistence;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * Ends a database call that runs past its deadline: a database that stops answering (the host frozen, a network
 * dropping packets) would otherwise hold the request, and its connection, until TCP gives up. The watchdog interrupts
 * the call's thread; a request's thread is virtual, and socket I/O on a virtual thread is interruptible (the socket
 * closes, the blocked read fails), so pgjdbc reports a connection failure, the request is answered 503 and the pool
 * drops the connection. A platform thread's socket read ignores the interrupt: only virtual threads' calls are ended.
 *
 * <p>Why not pgjdbc's {@code socketTimeout}: a timed socket read on a virtual thread schedules and cancels a task of
 * the JDK's delay scheduler at every read; on random ids (an uncached read each) that cost 16% more JVM CPU per
 * request than no timeout (bench/RESULTS.md, 2026-12-02T12:05Z). Here a call costs a set entry and a lock, and one
 * watchdog thread looks at the calls a few times a second.
 *
 * <p>An interrupt that lands as its call ends (the watchdog and the end race under the call's lock) is cleared before
 * the thread goes on: it never leaks into the rest of the request.
 */
final class CallDeadline implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CallDeadline.class.getName());

    private final long timeoutNanos;
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private final LongAdder ended = new LongAdder();
    private final Thread watchdog;
    private volatile boolean running = true;

    /**
     * @param timeout longest a call may run; {@link Duration#ZERO} for no deadline (no watchdog, no cost)
     */
    CallDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        if (timeoutNanos <= 0) {
            this.watchdog = null;
            return;
        }
        // A tenth of the deadline, between 10 ms and 1 s: a call ends at most that late.
        long tick = Math.clamp(timeout.toMillis() / 10, 10, 1_000);
        this.watchdog = Thread.ofPlatform().daemon().name("celeris-db-call-deadline").unstarted(() -> watch(tick));
        watchdog.start();
    }

    /**
     * @return the call begun on this thread, to {@link Call#end()} when it returns; null when there is no deadline
     */
    Call begin() {
        if (watchdog == null) {
            return null;
        }
        var call = new Call(Thread.currentThread(), System.nanoTime());
        calls.add(call);
        return call;
    }

    /** @return the calls ended by the deadline so far */
    long ended() {
        return ended.sum();
    }

    /** @return the deadline */
    Duration timeout() {
        return Duration.ofNanos(timeoutNanos);
    }

    private void watch(long tickMillis) {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Call c : calls) {
                if (now - c.start - timeoutNanos > 0 && c.fire()) {
                    calls.remove(c);
                    ended.increment();
                    LOG.warning(() -> "a database call ran past " + Duration.ofNanos(timeoutNanos)
                            + " (database.call-timeout): its connection is closed and its request answered 503");
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        if (watchdog != null) {
            watchdog.interrupt();
        }
    }

    /** One database call, on its thread. */
    final class Call {
        private final Thread thread;
        private final long start;
        private boolean done;
        private boolean fired;

        private Call(Thread thread, long start) {
            this.thread = thread;
            this.start = start;
        }

        /** @return whether the call was still running, and is now being ended */
        private synchronized boolean fire() {
            if (done) {
                return false;
            }
            fired = true;
            thread.interrupt();
            return true;
        }

        /**
         * Ends the call on its thread (again is harmless); an interrupt of the deadline is cleared.
         *
         * @return whether the deadline ended it
         */
        synchronized boolean end() {
            if (!done) {
                done = true;
                calls.remove(this);
                if (fired) {
                    Thread.interrupted();
                }
            }
            return fired;
        }
    }
}
