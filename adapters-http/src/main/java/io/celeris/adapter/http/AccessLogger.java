package io.celeris.adapter.http;

import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The JUL logger of the access log, {@value AccessLog#LOGGER}: a logger as any other (configured by logging.properties,
 * handlers added and removed at will), except that it keeps its handlers in an array made when they change, where JUL's
 * {@link Logger#log(LogRecord)} copies them into a new array for every record (1.8% of the samples of an L1 hit, one line
 * per request). {@link #log(LogRecord)} does what JUL's does: the level, the filter, this logger's handlers, then its
 * parents' while {@link #getUseParentHandlers()} says so.
 */
final class AccessLogger extends Logger {

    private static final Handler[] NONE = new Handler[0];

    /** Replaced, never changed, under this logger's lock. */
    private volatile Handler[] handlers = NONE;

    AccessLogger(String name) {
        super(name, null);
    }

    /**
     * @return this kind of logger, registered with the LogManager under {@value AccessLog#LOGGER}; or the logger already
     *         registered under that name (made by {@link Logger#getLogger} before this class was used), which works
     *         the same, JUL's way
     */
    static Logger get() {
        var own = new AccessLogger(AccessLog.LOGGER);
        return LogManager.getLogManager().addLogger(own) ? own : Logger.getLogger(AccessLog.LOGGER);
    }

    @Override
    public synchronized void addHandler(Handler handler) {
        super.addHandler(handler);
        handlers = super.getHandlers();
    }

    @Override
    public synchronized void removeHandler(Handler handler) {
        super.removeHandler(handler);
        handlers = super.getHandlers();
    }

    @Override
    public void log(LogRecord record) {
        if (!isLoggable(record.getLevel())) {
            return;
        }
        Filter filter = getFilter();
        if (filter != null && !filter.isLoggable(record)) {
            return;
        }
        for (Handler h : handlers) {
            h.publish(record);
        }
        if (!getUseParentHandlers()) {
            return;
        }
        for (Logger parent = getParent(); parent != null; parent = parent.getParent()) {
            for (Handler h : parent.getHandlers()) {
                h.publish(record);
            }
            if (!parent.getUseParentHandlers()) {
                return;
            }
        }
    }
}
