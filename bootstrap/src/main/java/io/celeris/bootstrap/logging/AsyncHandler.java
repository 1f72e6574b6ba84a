package io.celeris.bootstrap.logging;

import io.helidon.logging.common.HelidonMdc;
import io.helidon.logging.jul.HelidonConsoleHandler;
import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A JUL handler that takes log I/O off the caller's thread: the caller captures the record and enqueues it in
 * a bounded queue; one background writer thread publishes the records to a delegate handler (console, file,
 * anything) in batches, flushing it once per batch.
 *
 * <h2>On the caller thread</h2>
 * Only {@link #isLoggable}, a copy of the record ({@link Snapshot}: parameters that could still change are
 * turned into text, the configured MDC keys such as {@code request_id} and the thread name are captured), and
 * the enqueue. When the queue is full, the {@link Overflow} policy decides: wait, drop, or wait up to
 * {@link AsyncSettings#blockTimeout()} then drop. Records at or above {@link AsyncSettings#neverDropLevel()}
 * (WARNING by default) are never dropped: they wait for room. Waiting parks the thread on a lock (virtual
 * threads unmount); nothing spins, nothing holds a monitor around I/O. Publishing never throws.
 *
 * <h2>On the writer thread</h2>
 * One daemon platform thread ({@code celeris-async-log}) drains up to {@link AsyncSettings#batchSize()}
 * records at once (when the queue is empty it lingers {@link AsyncSettings#linger()} and looks again, so that
 * callers do not pay for waking it; once idle for a while it sleeps until a record wakes it), publishes each to the delegate with the captured MDC restored for
 * the duration of the call (so a delegate formatter using {@code %X{request_id}} sees the caller's value), then
 * flushes the delegate. A failing delegate (an exception, or an error it reports to its ErrorManager, such as
 * a stream that cannot write) is counted in {@link AsyncStats#writeErrors()} and reported to this handler's
 * {@link ErrorManager}; the writer goes on with the next record. When records were dropped, the writer emits
 * one WARNING "N log records dropped" through the delegate (at most once a second, and once more at close).
 *
 * <h2>Closing</h2>
 * {@link #close()} stops accepting, lets the writer drain the queue within {@link AsyncSettings#closeTimeout()},
 * flushes and closes the delegate. It is idempotent and safe to call from several threads at once: the first
 * caller does the work, the others wait (bounded) for it. A record published after close is not queued: the
 * caller writes it to the delegate itself while the delegate is still open, and it is counted as dropped once
 * the delegate is closed; it is never silently lost. If the queue could not be drained in time (a delegate
 * stuck in I/O), what is left is counted as dropped and reported, and the writer closes the delegate if it
 * ever comes back. {@link #flush()} waits (bounded by the same timeout) until every record enqueued before it
 * has been written.
 *
 * <h2>Shutdown</h2>
 * The service closes its handlers with {@link #closeAll()} after the web server has stopped taking requests,
 * so that the access-log line of the last request is written ({@link ShutdownSafeLogging#addShutdownHook}
 * registers a hook doing exactly that). The JDK's {@code LogManager} has a shutdown
 * hook of its own that runs concurrently with the service's: it removes every handler from its logger and
 * closes it. Closing concurrently is safe (close is idempotent, both callers wait for the same drain, no lock
 * is held while waiting, so no deadlock, and no accepted record is lost), but a record logged after that hook
 * removed the handlers never reaches any handler. {@link ShutdownSafeLogManager}, selected with
 * {@code -Djava.util.logging.manager=io.celeris.bootstrap.logging.ShutdownSafeLogManager} or by
 * {@link ShutdownSafeLogging#install()} first thing in {@code main}, makes that hook wait (bounded) until the
 * service's hook has run {@link #closeAll()}.
 *
 * <h2>Configuration</h2>
 * In logging.properties, by class name ({@code io.celeris.bootstrap.logging.AsyncHandler.<key>}); a system
 * property of the same name overrides the file. Keys: {@code capacity}, {@code overflow}, {@code blockTimeout},
 * {@code neverDropLevel}, {@code batchSize}, {@code closeTimeout}, {@code mdcKeys}, {@code captureSource} (see
 * {@link AsyncSettings}), and {@code level}, {@code filter}, {@code delegate} (class name of a handler with a
 * no-argument constructor, default {@link HelidonConsoleHandler}), {@code formatter} (given to the delegate, default
 * {@link TextLineFormatter}) and {@code encoding} (given to the delegate), {@code file} (a {@link java.util.logging.FileHandler} pattern: write there instead
 * of the delegate class) with {@code fileLimit}, {@code fileCount}, {@code fileAppend}. Programmatically:
 * {@link #AsyncHandler(AsyncSettings, Handler)}.
 */
public class AsyncHandler extends Handler {

    private static final Set<AsyncHandler> OPEN = ConcurrentHashMap.newKeySet();
    private static final CountDownLatch CLOSED_ALL = new CountDownLatch(1);
    private static final long DROP_REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Empty lingers in a row after which the writer sleeps until a record wakes it. */
    private static final int LINGERS_BEFORE_SLEEP = 8;
    /** Longest sleep of an idle writer: a safety net only, every record that finds it asleep wakes it. */
    private static final long IDLE_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AsyncSettings settings;
    private final Handler delegate;
    private final BlockingQueue<Snapshot> queue;
    private final Thread writer;
    private final int neverDropThreshold;

    private final LongAdder enqueued = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong writeErrors = new AtomicLong();

    /** Records the writer has taken and dealt with, flushed included; only the writer writes it. */
    private volatile long handled;
    /** Drops already reported; writer only. */
    private long reportedDrops;
    private long lastDropReport = System.nanoTime() - DROP_REPORT_INTERVAL_NANOS;

    /** No more records into the queue. */
    private volatile boolean closed;
    /** The writer has made its last check for records: whoever still finds its own record queued takes it back. */
    private volatile boolean writerDone;
    /** Close gave up waiting for the writer. */
    private volatile boolean abandoned;
    /** The writer is asleep (or about to be) until woken: whoever enqueues must wake it. */
    private volatile boolean writerAsleep;

    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final CountDownLatch closeFinished = new CountDownLatch(1);
    private final CountDownLatch writerExited = new CountDownLatch(1);
    private final AtomicBoolean lateDropReported = new AtomicBoolean();

    /** Callers writing after close hold it shared; closing the delegate holds it exclusively. */
    private final ReentrantReadWriteLock delegateLock = new ReentrantReadWriteLock();
    private boolean delegateClosed;

    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progress = progressLock.newCondition();

    /**
     * The handler logging.properties names: configured from the LogManager's
     * {@code io.celeris.bootstrap.logging.AsyncHandler.*} properties (see the class comment).
     */
    public AsyncHandler() {
        this(PropertyConfig.read(AsyncHandler.class.getName(), AsyncSettings.DEFAULTS,
                HelidonConsoleHandler.class.getName(), TextLineFormatter.class.getName()), "celeris-async-log");
    }

    /**
     * A handler built in code (tests, Helidon config). Its level is {@link Level#ALL}: the loggers filter.
     *
     * @param settings queue and writer settings
     * @param delegate the handler that does the I/O, owned from now on (this handler closes it)
     */
    public AsyncHandler(AsyncSettings settings, Handler delegate) {
        this(settings, delegate, "celeris-async-log");
    }

    /**
     * @param config     what logging.properties says
     * @param writerName name of the writer thread
     */
    AsyncHandler(PropertyConfig config, String writerName) {
        this(config.settings(), config.delegate(), writerName);
        super.setLevel(config.level());
        if (config.filter() != null) {
            super.setFilter(config.filter());
        }
        if (!config.problems().isEmpty()) {
            super.reportError(getClass().getName() + ": " + String.join("; ", config.problems()), null,
                    ErrorManager.GENERIC_FAILURE);
        }
    }

    @SuppressWarnings("this-escape") // the writer starts last, once every field it reads is set
    AsyncHandler(AsyncSettings settings, Handler delegate, String writerName) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.neverDropThreshold = settings.neverDropLevel().equals(Level.OFF)
                ? Integer.MAX_VALUE : settings.neverDropLevel().intValue();
        super.setLevel(Level.ALL);
        delegate.setErrorManager(new DelegateErrors());
        this.writer = Thread.ofPlatform().name(writerName).daemon(true).unstarted(this::writeLoop);
        OPEN.add(this);
        writer.start();
    }

    /**
     * Closes every handler of this class (and subclasses) that is still open, each within its close timeout.
     * Call it from the shutdown hook, after the web server has stopped. Safe to call more than once, and
     * concurrently with the JDK's own logging shutdown.
     */
    public static void closeAll() {
        try {
            for (AsyncHandler h : List.copyOf(OPEN)) {
                h.close();
            }
        } finally {
            CLOSED_ALL.countDown();
        }
    }

    /**
     * @param timeout longest wait
     * @return whether {@link #closeAll()} has completed
     */
    static boolean awaitCloseAll(Duration timeout) {
        return await(CLOSED_ALL, timeout);
    }

    /**
     * The handlers not closed yet, e.g. to publish their {@link #stats()} as metrics. Look them up when the
     * metric is read rather than once: a {@code LogManager.readConfiguration} replaces the handlers of the
     * loggers.
     *
     * @return the open handlers, oldest first
     */
    public static List<AsyncHandler> open() {
        return OPEN.stream().sorted(java.util.Comparator.comparingLong(h -> h.writer.threadId())).toList();
    }

    /**
     * @return the name of this handler's writer thread, {@code celeris-async-log} or
     *         {@code celeris-async-access-log}: a name for its metrics
     */
    public String name() {
        return writer.getName();
    }

    /**
     * @return the counters now
     */
    public AsyncStats stats() {
        return new AsyncStats(enqueued.sum(), written.get(), dropped.sum(), writeErrors.get(), queue.size(),
                settings.capacity());
    }

    /**
     * @return the settings this handler runs with
     */
    public AsyncSettings settings() {
        return settings;
    }

    /**
     * @return whether close has begun: records are no longer queued
     */
    boolean isClosed() {
        return closed;
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        try {
            Snapshot s = Snapshot.of(record, settings);
            if (closed) {
                writeAfterClose(s);
            } else if (!enqueue(s, record.getLevel())) {
                dropped.increment();
            } else {
                enqueued.increment();
                if (writerAsleep) {
                    wakeWriter();
                }
                // The writer may have made its last check between our test of `closed` and our enqueue:
                // then nobody will take the record, so take it back and write it ourselves.
                if (writerDone && queue.remove(s)) {
                    enqueued.decrement();
                    writeAfterClose(s);
                }
            }
        } catch (RuntimeException | Error e) {
            dropped.increment();
            reportError("could not queue a log record", asException(e), ErrorManager.WRITE_FAILURE);
        }
    }

    private boolean enqueue(Snapshot s, Level level) {
        if (queue.offer(s)) {
            return true;
        }
        // Full: the writer may be lingering; it should drain now, not at the end of its linger.
        LockSupport.unpark(writer);
        if (Thread.currentThread() == writer) {
            // The delegate logs into this handler: waiting for room would wait for ourselves.
            return false;
        }
        if (settings.overflow() == Overflow.BLOCK || level.intValue() >= neverDropThreshold) {
            return putUninterruptibly(s);
        }
        if (settings.overflow() == Overflow.DROP) {
            return false;
        }
        try {
            return queue.offer(s, settings.blockTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queue.offer(s);
        }
    }

    private boolean putUninterruptibly(Snapshot s) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(s);
                    return true;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** After close: straight to the delegate on the caller's thread, or counted as dropped. */
    private void writeAfterClose(Snapshot s) {
        if (abandoned) {
            dropped.increment();
            return;
        }
        delegateLock.readLock().lock();
        try {
            if (delegateClosed) {
                dropped.increment();
                if (lateDropReported.compareAndSet(false, true)) {
                    reportError("log records published after close are dropped (counted)", null,
                            ErrorManager.CLOSE_FAILURE);
                }
                return;
            }
            // The caller's own MDC is in place: nothing to restore.
            publishToDelegate(new CapturedRecord(s), false, true);
            flushDelegate();
        } finally {
            delegateLock.readLock().unlock();
        }
    }

    private void writeLoop() {
        var batch = new ArrayList<Snapshot>(Math.min(settings.batchSize(), settings.capacity()));
        try {
            int emptyLingers = 0;
            while (!(closed && queue.isEmpty()) && !abandoned) {
                try {
                    if (queue.drainTo(batch, settings.batchSize()) > 0) {
                        emptyLingers = 0;
                        writeBatch(batch, false);
                    } else {
                        reportDrops(false);
                        idle(emptyLingers++);
                    }
                } catch (RuntimeException | Error e) {
                    // The writer must outlive anything: a dead writer would leave callers waiting for room.
                    batch.clear();
                    reportError("the log writer failed; it goes on", asException(e), ErrorManager.GENERIC_FAILURE);
                }
            }
        } finally {
            writerDone = true;
            // Callers that saw `closed` false just before close may have enqueued since our last look.
            while (!abandoned && queue.drainTo(batch, settings.batchSize()) > 0) {
                writeBatch(batch, true);
            }
            reportDrops(true);
            closeDelegate();
            writerExited.countDown();
            signalProgress();
        }
    }

    /**
     * The queue is empty. While records keep coming the writer lingers (parks for {@link AsyncSettings#linger()})
     * and then looks again, so that callers never have to wake it: waking a parked thread is a system call,
     * and one per record would cost the callers more than the whole enqueue. After a few empty lingers in a
     * row it sleeps until a caller finds {@link #writerAsleep} set and wakes it (or a close, flush or full
     * queue does). Setting the flag, then looking at the queue once more, and a caller enqueueing, then reading
     * the flag, cannot both miss each other: either the writer sees the record or the caller sees the flag.
     */
    private void idle(int emptyLingers) {
        Thread.interrupted(); // nobody should interrupt the writer; a pending interrupt would make park spin
        long linger = settings.linger().toNanos();
        if (linger > 0 && emptyLingers < LINGERS_BEFORE_SLEEP) {
            LockSupport.parkNanos(this, linger);
            return;
        }
        writerAsleep = true;
        try {
            if (queue.isEmpty() && !closed && !abandoned) {
                LockSupport.parkNanos(this, dropped.sum() > reportedDrops ? DROP_REPORT_INTERVAL_NANOS
                        : IDLE_SLEEP_NANOS);
            }
        } finally {
            writerAsleep = false;
        }
    }

    private void wakeWriter() {
        LockSupport.unpark(writer);
    }

    private void writeBatch(List<Snapshot> batch, boolean last) {
        long n = 0;
        for (Snapshot s : batch) {
            n++;
            if (abandoned) {
                dropped.increment();
            } else if (!writeLineDirectly(s)) {
                publishToDelegate(new CapturedRecord(s), true, true);
            }
        }
        batch.clear();
        reportDrops(last);
        flushDelegate();
        handled += n;
        signalProgress();
    }

    /**
     * The access log's fast path: a plain message to a {@link BatchingFileHandler} that prints messages only is
     * written as it is, without building a record for it.
     */
    private boolean writeLineDirectly(Snapshot s) {
        if (!(delegate instanceof BatchingFileHandler file) || s.thrown() != null || s.bundle() != null
                || s.parameters() != null && s.parameters().length > 0 || s.message() == null) {
            return false;
        }
        long errorsBefore = writeErrors.get();
        if (!file.writeMessageLine(s.level(), s.message())) {
            return false;
        }
        if (writeErrors.get() == errorsBefore) {
            written.incrementAndGet();
        }
        return true;
    }

    private void publishToDelegate(CapturedRecord r, boolean restoreMdc, boolean count) {
        List<String> keys = r.mdcKeys();
        String[] values = r.mdcValues();
        if (restoreMdc) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    HelidonMdc.set(keys.get(i), values[i]);
                }
            }
        }
        long errorsBefore = writeErrors.get();
        try {
            delegate.publish(r);
            if (count && writeErrors.get() == errorsBefore) {
                written.incrementAndGet();
            }
        } catch (RuntimeException | Error e) {
            writeErrors.incrementAndGet();
            reportError("the delegate handler failed to publish a record", asException(e),
                    ErrorManager.WRITE_FAILURE);
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

    private void flushDelegate() {
        try {
            delegate.flush();
        } catch (RuntimeException | Error e) {
            writeErrors.incrementAndGet();
            reportError("the delegate handler failed to flush", asException(e), ErrorManager.FLUSH_FAILURE);
        }
    }

    /** Writer only. */
    private void reportDrops(boolean now) {
        long total = dropped.sum();
        long n = total - reportedDrops;
        long t = System.nanoTime();
        if (n <= 0 || !now && t - lastDropReport < DROP_REPORT_INTERVAL_NANOS || abandoned) {
            return;
        }
        reportedDrops = total;
        lastDropReport = t;
        var report = new LogRecord(Level.WARNING, n + " log records dropped");
        report.setLoggerName(getClass().getName());
        delegateLock.readLock().lock();
        try {
            if (!delegateClosed) {
                publishToDelegate(new CapturedRecord(Snapshot.of(report, settings)), false, false);
            }
        } finally {
            delegateLock.readLock().unlock();
        }
    }

    private void closeDelegate() {
        delegateLock.writeLock().lock();
        try {
            if (delegateClosed) {
                return;
            }
            delegateClosed = true;
            flushDelegate();
            try {
                delegate.close();
            } catch (RuntimeException | Error e) {
                writeErrors.incrementAndGet();
                reportError("the delegate handler failed to close", asException(e), ErrorManager.CLOSE_FAILURE);
            }
        } finally {
            delegateLock.writeLock().unlock();
        }
    }

    private void signalProgress() {
        progressLock.lock();
        try {
            progress.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    /**
     * Waits, at most the close timeout, until every record enqueued before this call has been written and
     * the delegate flushed.
     */
    @Override
    public void flush() {
        if (Thread.currentThread() == writer) {
            flushDelegate();
            return;
        }
        long target = enqueued.sum();
        wakeWriter();
        long deadline = System.nanoTime() + settings.closeTimeout().toNanos();
        progressLock.lock();
        try {
            while (handled < target && writerExited.getCount() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            progressLock.unlock();
        }
    }

    /**
     * Stops accepting records, drains the queue within the close timeout, flushes and closes the delegate.
     * Idempotent; concurrent callers wait for the first one (bounded).
     */
    @Override
    public void close() {
        if (!closeStarted.compareAndSet(false, true)) {
            if (Thread.currentThread() != writer) {
                await(closeFinished, settings.closeTimeout().plusSeconds(1));
            }
            return;
        }
        try {
            closed = true;
            // A lingering or sleeping writer looks at `closed` now; a busy one after the batch it is writing.
            wakeWriter();
            if (Thread.currentThread() == writer) {
                return; // the delegate closed us from inside a publish; the writer finishes after it
            }
            if (!await(writerExited, settings.closeTimeout())) {
                abandon();
            }
        } finally {
            OPEN.remove(this);
            closeFinished.countDown();
        }
    }

    private void abandon() {
        abandoned = true;
        writerDone = true;
        var left = new ArrayList<Snapshot>();
        queue.drainTo(left);
        long lost = left.size();
        dropped.add(lost);
        reportError("the log writer did not finish within " + settings.closeTimeout() + "; " + lost
                + " queued records dropped", null, ErrorManager.CLOSE_FAILURE);
    }

    /** Given to the delegate: this handler formats nothing itself. */
    @Override
    public void setFormatter(Formatter formatter) {
        delegate.setFormatter(formatter);
    }

    @Override
    public Formatter getFormatter() {
        return delegate.getFormatter();
    }

    /** Given to the delegate. */
    @Override
    public void setEncoding(String encoding) throws UnsupportedEncodingException {
        delegate.setEncoding(encoding);
    }

    @Override
    public String getEncoding() {
        return delegate.getEncoding();
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new RuntimeException(t);
    }

    /** Counts what the delegate reports instead of throwing, and passes it on to this handler's ErrorManager. */
    private final class DelegateErrors extends ErrorManager {
        @Override
        public void error(String msg, Exception ex, int code) {
            writeErrors.incrementAndGet();
            reportError("delegate: " + (msg == null ? "error " + code : msg), ex, code);
        }
    }
}
