package io.celeris.bootstrap.logging;

import java.io.UnsupportedEncodingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.ErrorManager;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A JUL handler that takes log I/O off the caller's thread: the caller captures the record and enqueues it in
 * a bounded queue; one background writer thread publishes the records to a delegate handler (console, file,
 * anything) in batches, flushing it once per batch. Its parts:
 * <ul>
 *   <li>{@link WriterThread}: the queue, the {@link Overflow} policy on the caller, the writer's loop;</li>
 *   <li>{@link Output}: the delegate (a {@link LineSink} takes bare lines), MDC restored around each publish;</li>
 *   <li>{@link Accounting}: accepted, written, dropped, failed, and the rate-limited reports of drops and
 *       failures;</li>
 *   <li>{@link Lifecycle}: the open handlers, close with its bound.</li>
 * </ul>
 *
 * <h2>On the caller thread</h2>
 * Only {@link #isLoggable}, a copy of the record ({@link Snapshot}: parameters that could still change are
 * turned into text, the configured MDC keys such as {@code request_id} and the thread name are captured), and
 * the enqueue. Records at or above {@link AsyncSettings#neverDropLevel()} are never dropped: they wait for
 * room. Nothing spins, nothing holds a monitor around I/O. Publishing never throws.
 *
 * <h2>Failures</h2>
 * A failing delegate (an exception, or an error it reports to its ErrorManager, such as a full disk) is counted
 * in {@link AsyncStats#writeErrors()} and reported to this handler's {@link ErrorManager} (stderr) once per burst
 * (then at most once a second); the writer goes on with the next record. Dropped records are announced by one
 * WARNING "N log records dropped" through the delegate (at most once a second, and once more at close).
 *
 * <h2>Closing</h2>
 * {@link #close()} stops accepting, lets the writer drain the queue within {@link AsyncSettings#closeTimeout()},
 * flushes and closes the delegate. A record published after close is written by its caller while the delegate
 * is still open, else counted as dropped; it is never silently lost. {@link #flush()} waits (bounded by the same
 * timeout) until every record enqueued before it has been written. The service closes its handlers with
 * {@link #closeAll()} after the web server has stopped ({@link ShutdownSafeLogging}).
 *
 * <h2>Configuration</h2>
 * JUL builds it by class name from logging.properties; its settings are the application log's of
 * {@link LoggingSettings}, read once ({@link Logging#configure}). In code: {@link #AsyncHandler(AsyncSettings, Handler)}.
 */
public class AsyncHandler extends Handler {

    private final String name;
    private final AsyncSettings settings;
    private final Accounting accounting;
    private final Output output;
    private final Lifecycle lifecycle = new Lifecycle();
    private final WriterThread writer;
    private final AtomicBoolean lateDropReported = new AtomicBoolean();

    /** The handler logging.properties names: the application log's settings of {@link Logging#settings()}. */
    public AsyncHandler() {
        this(Logging.settings().application());
    }

    /**
     * A handler built in code. Its level is {@link Level#ALL}: the loggers filter.
     *
     * @param settings queue and writer settings
     * @param delegate the handler that does the I/O, owned from now on (this handler closes it)
     */
    public AsyncHandler(AsyncSettings settings, Handler delegate) {
        this(settings, delegate, LoggingSettings.APPLICATION_DEFAULTS.name());
    }

    /**
     * A handler built from its settings; a delegate that cannot be built falls back to the console, and every
     * invalid setting is reported to this handler's ErrorManager (JUL gives a handler no way to fail politely).
     *
     * @param settings the handler's settings
     */
    public AsyncHandler(HandlerSettings settings) {
        this(settings, new ArrayList<>(settings.problems()));
    }

    private AsyncHandler(HandlerSettings settings, List<String> problems) {
        this(settings.async(), Delegates.build(settings, problems), settings.name());
        super.setLevel(settings.level());
        settings.filter().map(name -> Delegates.instance(name, Filter.class, problems))
                .ifPresent(super::setFilter);
        if (!problems.isEmpty()) {
            super.reportError(getClass().getName() + ": " + String.join("; ", problems), null,
                    ErrorManager.GENERIC_FAILURE);
        }
    }

    @SuppressWarnings("this-escape") // the writer starts last, once every field it reads is set
    AsyncHandler(AsyncSettings settings, Handler delegate, String name) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(delegate, "delegate");
        super.setLevel(Level.ALL);
        super.setErrorManager(new StderrErrors());
        this.accounting = new Accounting(this::reportError);
        this.output = new Output(delegate, accounting, this::reportError, name);
        this.name = name;
        this.writer = WriterThread.start(name, settings, lifecycle, output, accounting, this::reportError);
        Lifecycle.opened(this);
    }

    /**
     * Closes every handler of this class (and subclasses) that is still open, each within its close timeout.
     * Call it from the shutdown hook, after the web server has stopped. Safe to call more than once, and
     * concurrently with the JDK's own logging shutdown.
     */
    public static void closeAll() {
        Lifecycle.closeAll();
    }

    static boolean awaitCloseAll(Duration timeout) {
        return Lifecycle.awaitCloseAll(timeout);
    }

    /**
     * The handlers not closed yet. Look them up when needed rather than once: a
     * {@code LogManager.readConfiguration} replaces the handlers of the loggers.
     *
     * @return the open handlers, oldest first
     */
    public static List<AsyncHandler> open() {
        return Lifecycle.open();
    }

    /**
     * @return the handler's name (its writer thread's): {@code celeris-async-log} or
     *         {@code celeris-async-access-log} for the service's two
     */
    public String name() {
        return name;
    }

    /**
     * @return the counters now
     */
    public AsyncStats stats() {
        return accounting.stats(writer.depth(), settings.capacity());
    }

    /**
     * @return the settings this handler runs with
     */
    public AsyncSettings settings() {
        return settings;
    }

    /** @return whether close has begun: records are no longer queued */
    boolean isClosed() {
        return lifecycle.closed();
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        try {
            Snapshot s = Snapshot.of(record, settings);
            if (lifecycle.closed()) {
                writeAfterClose(s);
            } else if (!writer.offer(s, record.getLevel())) {
                accounting.dropped.increment();
            } else {
                accounting.enqueued.increment();
                if (writer.takenBack(s)) {
                    accounting.enqueued.decrement();
                    writeAfterClose(s);
                }
            }
        } catch (RuntimeException | Error e) {
            accounting.dropped.increment();
            reportError("could not queue a log record", Output.asException(e), ErrorManager.WRITE_FAILURE);
        }
    }

    /** After close: straight to the delegate on the caller's thread, or counted as dropped. */
    private void writeAfterClose(Snapshot s) {
        if (lifecycle.abandoned() || !output.writeDirect(s)) {
            accounting.dropped.increment();
            if (!lifecycle.abandoned() && lateDropReported.compareAndSet(false, true)) {
                reportError("log records published after close are dropped (counted)", null,
                        ErrorManager.CLOSE_FAILURE);
            }
        }
    }

    /**
     * Waits, at most the close timeout, until every record enqueued before this call has been written and
     * the delegate flushed.
     */
    @Override
    public void flush() {
        if (writer.isWriter()) {
            output.flush(0);
            return;
        }
        writer.awaitHandled(accounting.enqueued.sum(), settings.closeTimeout());
    }

    /**
     * Stops accepting records, drains the queue within the close timeout, flushes and closes the delegate.
     * Idempotent; concurrent callers wait for the first one (bounded).
     */
    @Override
    public void close() {
        lifecycle.close(this, writer, settings.closeTimeout(), () -> {
            int lost = writer.abandon();
            accounting.dropped.add(lost);
            // The batch in the writer's hand is counted when the delegate lets go of it (written, or dropped as
            // abandoned); until then it is said here, so that the report adds up should the process end first.
            int held = writer.inHand();
            reportError("the log writer did not finish within " + settings.closeTimeout() + "; " + lost
                    + " queued records dropped" + (held == 0 ? "" : ", and " + held + " in the writer's hand, held by"
                    + " the delegate, dropped unless it lets go"), null, ErrorManager.CLOSE_FAILURE);
            // Out before the JVM exits, unless stderr is stalled too: then the close goes on without it.
            StderrReports.awaitPrinted(Duration.ofSeconds(1));
        });
    }

    /** Given to the delegate: this handler formats nothing itself. */
    @Override
    public void setFormatter(Formatter formatter) {
        output.delegate().setFormatter(formatter);
    }

    @Override
    public Formatter getFormatter() {
        return output.delegate().getFormatter();
    }

    /** Given to the delegate. */
    @Override
    public void setEncoding(String encoding) throws UnsupportedEncodingException {
        output.delegate().setEncoding(encoding);
    }

    @Override
    public String getEncoding() {
        return output.delegate().getEncoding();
    }

    /**
     * The default ErrorManager of a handler prints its first report only, ever; a disk that fills up after an
     * hour would go unseen. The reports here are rate-limited already, so every one is printed.
     */
    private final class StderrErrors extends ErrorManager {
        @Override
        public void error(String msg, Exception ex, int code) {
            StderrReports.report("celeris logging: " + name() + ": " + msg + " (code " + code + ")\n"
                    + (ex == null ? "" : LogLines.stackTrace(ex)));
        }
    }
}
