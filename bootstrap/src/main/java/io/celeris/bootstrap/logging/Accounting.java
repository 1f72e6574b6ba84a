package io.celeris.bootstrap.logging;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.ErrorManager;

/**
 * What became of the records of one {@link AsyncHandler} (accepted, written, dropped, failed), and the reports
 * of the last two, rate-limited: drops are announced through the delegate ("N log records dropped", by the
 * writer), failed writes to the handler's {@link ErrorManager} (stderr by default). A full disk fails every line:
 * the first failure of a burst is reported at once with its exception, the others are counted and summed up
 * at most once a second ("N log records could not be written"), and once more at close.
 */
final class Accounting {

    static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Where reports go: the handler's ErrorManager. */
    @FunctionalInterface
    interface Reporter {
        void report(String message, Exception cause, int code);
    }

    final LongAdder enqueued = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final AtomicLong written = new AtomicLong();
    final AtomicLong writeErrors = new AtomicLong();

    private final Reporter reporter;

    /** Drops already announced; writer only. */
    private long announcedDrops;
    private long lastDropAnnouncement = System.nanoTime() - REPORT_INTERVAL_NANOS;

    private final ReentrantLock failureReports = new ReentrantLock();
    private long reportedFailures;
    private long lastFailure = System.nanoTime() - 2 * REPORT_INTERVAL_NANOS;
    private long lastFailureReport = System.nanoTime() - REPORT_INTERVAL_NANOS;

    Accounting(Reporter reporter) {
        this.reporter = reporter;
    }

    /**
     * Writer only.
     *
     * @param now announce whatever is pending (closing), not at most once a second
     * @return the drops to announce now, or 0
     */
    long dropsToAnnounce(boolean now) {
        long total = dropped.sum();
        long n = total - announcedDrops;
        long t = System.nanoTime();
        if (n <= 0 || !now && t - lastDropAnnouncement < REPORT_INTERVAL_NANOS) {
            return 0;
        }
        announcedDrops = total;
        lastDropAnnouncement = t;
        return n;
    }

    /**
     * @return whether drops wait to be announced (the writer then sleeps no longer than the interval)
     */
    boolean dropsPending() {
        return dropped.sum() > announcedDrops;
    }

    /**
     * Counts records that could not be written, and reports the failure if it starts a burst.
     *
     * @param records how many
     * @param what    what failed
     * @param cause   the exception, if any
     * @param code    an {@link ErrorManager} code
     */
    void failed(long records, String what, Exception cause, int code) {
        if (records <= 0) {
            return;
        }
        writeErrors.addAndGet(records);
        failureReports.lock();
        try {
            long t = System.nanoTime();
            boolean burstStarts = t - lastFailure > REPORT_INTERVAL_NANOS;
            lastFailure = t;
            if (burstStarts) {
                long n = writeErrors.get() - reportedFailures;
                reportedFailures += n;
                lastFailureReport = t;
                reporter.report(count(n) + " could not be written (" + what + "); further failures are counted and "
                        + "reported at most once a second", cause, code);
            }
        } finally {
            failureReports.unlock();
        }
        reportFailures(false);
    }

    /**
     * Reports the failures not reported yet, at most once a second.
     *
     * @param now report them whatever the time (closing)
     */
    void reportFailures(boolean now) {
        if (!failureReports.tryLock()) {
            return; // someone else is reporting
        }
        try {
            long t = System.nanoTime();
            long n = writeErrors.get() - reportedFailures;
            if (n <= 0 || !now && t - lastFailureReport < REPORT_INTERVAL_NANOS) {
                return;
            }
            reportedFailures += n;
            lastFailureReport = t;
            reporter.report(count(n) + " could not be written", null, ErrorManager.WRITE_FAILURE);
        } finally {
            failureReports.unlock();
        }
    }

    private static String count(long n) {
        return n == 1 ? "1 log record" : n + " log records";
    }

    AsyncStats stats(int queueDepth, int capacity) {
        return new AsyncStats(enqueued.sum(), written.get(), dropped.sum(), writeErrors.get(), queueDepth, capacity);
    }
}
