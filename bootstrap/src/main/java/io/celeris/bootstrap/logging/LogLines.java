package io.celeris.bootstrap.logging;

import io.helidon.logging.common.HelidonMdc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.LogRecord;

/** What the formatters share: the caller's thread and request id, time stamps, stack traces. */
final class LogLines {

    /** UTC, always three fraction digits: lines sort as text and align. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private LogLines() {
    }

    /** The thread that logged: captured by the AsyncHandler, else the current one. */
    static String thread(LogRecord r) {
        if (r instanceof CapturedRecord c) {
            return c.threadName();
        }
        Thread t = Thread.currentThread();
        return t.getName().isEmpty() ? "#" + t.threadId() : t.getName();
    }

    /** The request id of the logging thread, or null. */
    static String requestId(LogRecord r) {
        return mdc(r, AsyncSettings.REQUEST_ID);
    }

    /** The value of an MDC key on the thread that logged (captured by {@link AsyncHandler}), else on this one. */
    static String mdc(LogRecord r, String key) {
        if (r instanceof CapturedRecord c) {
            return c.mdc(key);
        }
        try {
            return HelidonMdc.get(key).orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String stackTrace(Throwable t) {
        var out = new StringWriter();
        try (var w = new PrintWriter(out)) {
            t.printStackTrace(w);
        }
        return out.toString();
    }
}
