package io.celeris.bootstrap.logging;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per record, for people:
 * {@code 2026-11-25T18:36:00.123Z INFO io.celeris.bootstrap.Celeris [main] loaded 10000 demo users}, with
 * {@code request_id=...} after the thread when the logging thread had one (then {@code trace_id=... span_id=...}
 * while tracing is on), and the stack trace on the
 * following lines. The thread and request id are those of the thread that logged, captured by
 * {@link AsyncHandler} (Helidon's formatter prints the current thread, which behind an AsyncHandler is the
 * writer's).
 */
public class TextLineFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        var b = new StringBuilder(160);
        LogLines.TIMESTAMP.formatTo(r.getInstant(), b);
        b.append(' ').append(r.getLevel().getName())
                .append(' ').append(r.getLoggerName())
                .append(" [").append(LogLines.thread(r));
        String requestId = LogLines.requestId(r);
        if (requestId != null) {
            b.append(" request_id=").append(requestId);
        }
        String traceId = LogLines.mdc(r, AsyncSettings.TRACE_ID);
        if (traceId != null) {
            b.append(" trace_id=").append(traceId).append(" span_id=").append(LogLines.mdc(r, AsyncSettings.SPAN_ID));
        }
        b.append("] ").append(formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
            b.append(LogLines.stackTrace(r.getThrown()));
        }
        return b.toString();
    }
}
