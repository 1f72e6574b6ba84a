package io.celeris.bootstrap.logging;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line (JSON Lines), for machines:
 * {@code {"ts":"2026-11-25T18:36:00.123Z","level":"INFO","logger":"io.celeris...","thread":"main",
 * "request_id":"...","trace_id":"...","span_id":"...","message":"...","exception":"java.lang...."}}.
 * {@code request_id}, {@code trace_id}/{@code span_id} (tracing on) and {@code exception} are left out when there
 * is none. {@code thread} and {@code request_id} are those of the thread that logged
 * (see {@link AsyncHandler}). The strings are escaped by Jackson's {@link JsonStringEncoder}, the escaper of the
 * HTTP adapter's JSON library too, rather than by a hand-written one.
 */
public class JsonLinesFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        var b = new StringBuilder(256);
        b.append("{\"ts\":\"");
        LogLines.TIMESTAMP.formatTo(r.getInstant(), b);
        b.append('"');
        field(b, "level", r.getLevel().getName());
        field(b, "logger", r.getLoggerName());
        field(b, "thread", LogLines.thread(r));
        String requestId = LogLines.requestId(r);
        if (requestId != null) {
            field(b, "request_id", requestId);
        }
        String traceId = LogLines.mdc(r, AsyncSettings.TRACE_ID);
        if (traceId != null) {
            field(b, "trace_id", traceId);
            field(b, "span_id", LogLines.mdc(r, AsyncSettings.SPAN_ID));
        }
        field(b, "message", formatMessage(r));
        if (r.getThrown() != null) {
            field(b, "exception", LogLines.stackTrace(r.getThrown()));
        }
        return b.append("}\n").toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":");
        if (value == null) {
            b.append("null");
        } else {
            quote(b, value);
        }
    }

    /**
     * Appends a JSON string literal, escaped by Jackson (RFC 8259: quote, backslash and control characters).
     *
     * @param b     where to append
     * @param value the text
     */
    static void quote(StringBuilder b, String value) {
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, b);
        b.append('"');
    }
}
