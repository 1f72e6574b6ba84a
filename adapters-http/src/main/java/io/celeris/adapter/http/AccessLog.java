package io.celeris.adapter.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Writes the access-log line of one answer, in text or JSON, on JUL logger {@value #LOGGER}: one place that
 * knows the line's shape, used by the routing's filter and by the answers Helidon gives before routing.
 */
final class AccessLog {

    static final String LOGGER = "io.celeris.access";
    /** The logging MDC keys of the request's trace and span ids, set while a traced request runs. */
    static final String TRACE_ID_MDC = "trace_id";
    static final String SPAN_ID_MDC = "span_id";
    private static final Logger ACCESS = Logger.getLogger(LOGGER);

    private final AccessLogSettings settings;

    AccessLog(AccessLogSettings settings) {
        this.settings = settings;
    }

    boolean enabled() {
        return settings.enabled();
    }

    /**
     * @return whether requests may carry trace ids (tracing is on)
     */
    boolean traced() {
        return settings.traced();
    }

    /**
     * One answered (or abandoned) request.
     *
     * @param remote the client's address, {@code null} when unknown
     * @param nanos  time from routing to the answer, negative when unknown (answers given before routing)
     * @param cache  the {@code Cache-Status} answered, or {@code null}
     * @param token  the name of the token that authorized the request (never its secret), or {@code null}
     * @param traceId the request's trace id when it is traced, else {@code null}
     * @param spanId  the request's (server) span id when it is traced, else {@code null}
     */
    record Entry(String remote, String method, String path, String query, int status, long bytes, long nanos,
                 String cache, String token, String requestId, String traceId, String spanId) {

        /** An untraced request. */
        Entry(String remote, String method, String path, String query, int status, long bytes, long nanos,
              String cache, String token, String requestId) {
            this(remote, method, path, query, status, bytes, nanos, cache, token, requestId, null, null);
        }
    }

    void log(Entry e) {
        if (settings.enabled() && ACCESS.isLoggable(Level.INFO)) {
            // The record made here and given to the logger's handlers: Logger.log(Level, String) would also look up
            // the logger's resource bundle up its parents on every line (1.3% of an L1 hit's samples), for none.
            // The line is stamped with the record's own instant: one clock read per line.
            var r = new LogRecord(Level.INFO, null);
            r.setMessage(line(e, r.getInstant()));
            r.setLoggerName(LOGGER);
            ACCESS.log(r);
        }
    }

    /**
     * The line, built in one buffer: every request writes one, so no intermediate strings (a concatenation per field
     * and a copy per sanitized value cost 3% of the CPU of an L1 hit). A text line starts with its time in UTC to
     * the millisecond (a file of lines must be placeable in time without a collector's stamp); a JSON line has it
     * as {@code ts}, at the clock's precision.
     *
     * @param at when the line was logged
     */
    String line(Entry e, Instant at) {
        String query = e.query() == null ? "" : e.query();
        var sb = new StringBuilder(216);
        if (settings.json()) {
            sb.append('{');
            field(sb, "ts", Rfc3339.utc(at)).append(',');
            field(sb, "remote", e.remote()).append(',');
            field(sb, "method", e.method()).append(',');
            field(sb, "path", e.path()).append(',');
            field(sb, "query", query.isEmpty() ? null : query).append(',');
            sb.append("\"status\":").append(e.status()).append(',');
            sb.append("\"bytes\":").append(e.bytes()).append(',');
            sb.append("\"duration_ms\":");
            if (e.nanos() < 0) {
                sb.append("null");
            } else {
                millis(sb, e.nanos());
            }
            sb.append(',');
            field(sb, "cache", e.cache()).append(',');
            field(sb, "token", e.token()).append(',');
            field(sb, "request_id", e.requestId());
            if (e.traceId() != null) {
                field(sb.append(','), "trace_id", e.traceId());
            }
            if (e.spanId() != null) {
                field(sb.append(','), "span_id", e.spanId());
            }
            return sb.append('}').toString();
        }
        stamp(sb, at).append(' ');
        sb.append(e.remote() == null ? "-" : e.remote()).append(" \"");
        sanitized(sb, e.method()).append(' ');
        sanitized(sb, e.path());
        if (!query.isEmpty()) {
            sanitized(sb.append('?'), query);
        }
        sb.append("\" ").append(e.status()).append(' ').append(e.bytes()).append(' ');
        if (e.nanos() < 0) {
            sb.append('-');
        } else {
            millis(sb, e.nanos()).append("ms");
        }
        sb.append(" cache=\"").append(e.cache() == null ? "-" : e.cache()).append("\" token=")
                .append(e.token() == null ? "-" : e.token());
        // Before the request id, which stays the last field.
        if (e.traceId() != null) {
            sanitized(sb.append(" trace_id="), e.traceId());
        }
        if (e.spanId() != null) {
            sanitized(sb.append(" span_id="), e.spanId());
        }
        return sb.append(" id=").append(e.requestId()).toString();
    }

    /**
     * The stamp of the millisecond last stamped: under load dozens of lines share one millisecond, and copying its text
     * costs a tenth of making it (JMH {@code AccessLineCost}). Shared without a lock: an immutable record, replaced
     * whole; two threads racing only make one stamp twice.
     */
    private static Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");

    private record Stamp(long millis, String text) {
    }

    private static StringBuilder stamp(StringBuilder sb, Instant at) {
        long millis = at.toEpochMilli();
        Stamp s = lastStamp;
        if (s.millis() != millis) {
            s = new Stamp(millis, Rfc3339.utcMillis(at));
            lastStamp = s;
        }
        return sb.append(s.text());
    }

    /**
     * Milliseconds with three decimals, e.g. {@code 1.234}: the same text as {@code %.3f} (truncated, not
     * rounded), without a Formatter per request on the hot path.
     */
    private static StringBuilder millis(StringBuilder sb, long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long frac = micros % 1_000;
        return sb.append(micros / 1_000).append(frac < 10 ? ".00" : frac < 100 ? ".0" : ".").append(frac);
    }

    /** A line is one line: no control characters from the client reach the log (each becomes {@code ?}). */
    private static StringBuilder sanitized(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append('-');
        }
        int n = s.length();
        int clean = 0;
        while (clean < n && allowed(s.charAt(clean))) {
            clean++;
        }
        // Nearly always the whole value: one bulk copy.
        sb.append(s, 0, clean);
        for (int i = clean; i < n; i++) {
            char c = s.charAt(i);
            sb.append(allowed(c) ? c : '?');
        }
        return sb;
    }

    private static boolean allowed(char c) {
        return c >= 0x20 && c != 0x7f && c != '"';
    }

    /** Escaped by Jackson's encoder, as the application log's JSON lines are: one escaper for every JSON line. */
    private static StringBuilder field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        if (value == null) {
            return sb.append("null");
        }
        sb.append('"');
        // Appends straight into the line: no escaped copy of the value on the per-request path.
        JsonStringEncoder.getInstance().quoteAsString(value, sb);
        return sb.append('"');
    }
}
