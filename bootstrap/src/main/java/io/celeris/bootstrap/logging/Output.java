package io.celeris.bootstrap.logging;

import io.helidon.logging.common.HelidonMdc;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * The delegate side of an {@link AsyncHandler}: hands records (or bare lines, to a {@link LineSink}) to the
 * delegate handler, flushes it once per batch, closes it once, and counts in {@link Accounting} what it took
 * and what it failed to write. A record counts as written once the flush after it succeeded.
 *
 * <p>The writer thread calls it; so do callers that log after close, while the delegate is still open: they
 * hold the lock shared, closing holds it exclusively.
 */
final class Output {

    /** The writer's own records capture no MDC. */
    private static final AsyncSettings NO_CAPTURE = AsyncSettings.of("mdcKeys", "");

    private final Handler delegate;
    private final LineSink lines;
    private final Accounting accounting;
    private final Accounting.Reporter reporter;

    /** Errors the delegate reported to its ErrorManager, and the last of them. */
    private final AtomicLong delegateErrors = new AtomicLong();
    private volatile String lastError;
    private volatile Exception lastCause;

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    /** Where the drops of a handler whose lines are built by their callers are announced. */
    static final java.util.logging.Logger ANNOUNCEMENTS = java.util.logging.Logger.getLogger(AsyncHandler.class.getName());

    private final String name;

    Output(Handler delegate, Accounting accounting, Accounting.Reporter reporter, String name) {
        this.name = name;
        this.delegate = delegate;
        this.lines = delegate instanceof LineSink sink ? sink : null;
        this.accounting = accounting;
        this.reporter = reporter;
        delegate.setErrorManager(new DelegateErrors());
    }

    Handler delegate() {
        return delegate;
    }

    /**
     * Writer only: writes a batch, announces the drops due, flushes once.
     *
     * @param abandoned true once close gave up: what is left is dropped
     * @param last      the writer's last batch: announce every drop now
     */
    void writeBatch(List<Snapshot> batch, BooleanSupplier abandoned, boolean last) {
        long taken = 0;
        for (Snapshot s : batch) {
            if (abandoned.getAsBoolean()) {
                accounting.dropped.increment();
            } else if (write(s, true)) {
                taken++;
            }
        }
        announceDrops(accounting.dropsToAnnounce(last));
        flush(taken);
    }

    /**
     * A caller after close: the record straight to the delegate, on the caller's thread (its MDC is in place).
     *
     * @return false when the delegate is closed already (the record is not written)
     */
    boolean writeDirect(Snapshot s) {
        lock.readLock().lock();
        try {
            if (closed) {
                return false;
            }
            flush(write(s, false) ? 1 : 0);
            return true;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Writer only: "N log records dropped" through the delegate, not counted as a record; for a delegate whose lines
     * are built by their callers ({@link MessageOnlyFormatter}: the access log's, text or JSON), in the application
     * log instead, as a record of this class's logger: a line of ours among them would be of another shape (plain
     * text in a file of JSON lines).
     */
    void announceDrops(long n) {
        if (n <= 0) {
            return;
        }
        if (delegate.getFormatter() instanceof MessageOnlyFormatter) {
            ANNOUNCEMENTS.warning(() -> n + " log records dropped by " + name);
            return;
        }
        var report = new LogRecord(Level.WARNING, n + " log records dropped");
        report.setLoggerName(AsyncHandler.class.getName());
        lock.readLock().lock();
        try {
            if (!closed) {
                publish(new CapturedRecord(Snapshot.of(report, NO_CAPTURE)), false);
            }
        } catch (RuntimeException | Error e) {
            reporter.report("the delegate handler failed to publish the drop report", asException(e),
                    ErrorManager.WRITE_FAILURE);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return whether the delegate took the record without an error */
    private boolean write(Snapshot s, boolean restoreMdc) {
        long errorsBefore = delegateErrors.get();
        try {
            if (lines == null || !s.isPlainLine() || !lines.writeLine(s.level(), s.message())) {
                publish(new CapturedRecord(s), restoreMdc);
            }
        } catch (RuntimeException | Error e) {
            accounting.failed(1, "the delegate handler failed to publish a record", asException(e),
                    ErrorManager.WRITE_FAILURE);
            return false;
        }
        if (delegateErrors.get() != errorsBefore) {
            accounting.failed(1, lastError, lastCause, ErrorManager.WRITE_FAILURE);
            return false;
        }
        return true;
    }

    /** Publishes with the caller's MDC restored around the call, so that {@code %X{request_id}} works. */
    private void publish(CapturedRecord r, boolean restoreMdc) {
        List<String> keys = r.mdcKeys();
        String[] values = r.mdcValues();
        if (restoreMdc) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    HelidonMdc.set(keys.get(i), values[i]);
                }
            }
        }
        try {
            delegate.publish(r);
        } finally {
            if (restoreMdc) {
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != null) {
                        HelidonMdc.remove(keys.get(i));
                    }
                }
            }
        }
    }

    /**
     * Flushes the delegate; the records taken since the last flush are written if it succeeds, failed if not.
     *
     * @param taken records the delegate took since the last flush
     */
    void flush(long taken) {
        long errorsBefore = delegateErrors.get();
        try {
            delegate.flush();
        } catch (RuntimeException | Error e) {
            accounting.failed(taken, "the delegate handler failed to flush", asException(e), ErrorManager.FLUSH_FAILURE);
            return;
        }
        if (delegateErrors.get() != errorsBefore) {
            accounting.failed(taken, lastError, lastCause, ErrorManager.FLUSH_FAILURE);
        } else {
            accounting.written.addAndGet(taken);
        }
    }

    /** Flushes and closes the delegate, once; after it, {@link #writeDirect} refuses. */
    void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            flush(0);
            delegate.close();
        } catch (RuntimeException | Error e) {
            reporter.report("the delegate handler failed to close", asException(e), ErrorManager.CLOSE_FAILURE);
        } finally {
            lock.writeLock().unlock();
        }
        accounting.reportFailures(true);
    }

    static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new RuntimeException(t);
    }

    /** Counts what the delegate reports instead of throwing; the writer turns it into failed records. */
    private final class DelegateErrors extends ErrorManager {
        @Override
        public void error(String msg, Exception ex, int code) {
            lastError = "delegate: " + (msg == null ? "error " + code : msg);
            lastCause = ex;
            delegateErrors.incrementAndGet();
        }
    }
}
