package io.celeris.bootstrap.logging;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The handlers' reports to stderr, printed by a daemon thread of their own: a stderr nobody reads (a pipe whose
 * reader stopped, shared with stdout by {@code 2>&1}) must block neither a request thread that reports a late drop
 * nor the shutdown hook that reports what its close left behind (it did: SIGTERM never finished). Reports beyond
 * what the printer holds are counted and said with the next one printed.
 */
final class StderrReports {

    private static final BlockingQueue<String> PENDING = new ArrayBlockingQueue<>(64);
    private static final AtomicLong QUEUED = new AtomicLong();
    private static final AtomicLong PRINTED = new AtomicLong();
    private static final AtomicLong LOST = new AtomicLong();

    static {
        Thread.ofPlatform().daemon().name("celeris-log-reports").start(StderrReports::print);
    }

    private StderrReports() {
    }

    /** Queues a report; never waits. */
    static void report(String text) {
        if (PENDING.offer(text)) {
            QUEUED.incrementAndGet();
        } else {
            LOST.incrementAndGet();
        }
    }

    /**
     * Waits, at most {@code timeout}, until every report queued before this call has been printed: at close, so that
     * its report is out before the JVM exits, unless stderr is not being read.
     *
     * @return whether they were
     */
    static boolean awaitPrinted(Duration timeout) {
        long target = QUEUED.get();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (PRINTED.get() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static void print() {
        while (true) {
            String text;
            try {
                text = PENDING.poll(1, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                return;
            }
            if (text == null) {
                continue;
            }
            long lost = LOST.getAndSet(0);
            // One print: lines of two reports must not interleave.
            System.err.print((lost == 0 ? "" : "celeris logging: " + lost + " reports not printed (stderr was not"
                    + " taking them)\n") + text);
            System.err.flush();
            PRINTED.incrementAndGet();
        }
    }
}
