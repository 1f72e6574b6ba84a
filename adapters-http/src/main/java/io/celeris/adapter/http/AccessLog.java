package io.celeris.adapter.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.util.logging.Level;
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
        if (settings.enabled()) {
            ACCESS.log(Level.INFO, line(e));
        }
    }

    String line(Entry e) {
        String query = e.query() == null ? "" : e.query();
        if (settings.json()) {
            var sb = new StringBuilder(256).append('{');
            field(sb, "ts", Instant.now().toString()).append(',');
            field(sb, "remote", e.remote()).append(',');
            field(sb, "method", e.method()).append(',');
            field(sb, "path", e.path()).append(',');
            field(sb, "query", query.isEmpty() ? null : query).append(',');
            sb.append("\"status\":").append(e.status()).append(',');
            sb.append("\"bytes\":").append(e.bytes()).append(',');
            sb.append("\"duration_ms\":").append(e.nanos() < 0 ? "null" : millis(e.nanos())).append(',');
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
        return (e.remote() == null ? "-" : e.remote()) + " \"" + sanitize(e.method()) + " " + sanitize(e.path())
                + (query.isEmpty() ? "" : "?" + sanitize(query)) + "\" "
                + e.status() + " " + e.bytes() + " " + (e.nanos() < 0 ? "-" : millis(e.nanos()) + "ms")
                + " cache=\"" + (e.cache() == null ? "-" : e.cache()) + "\" token=" + (e.token() == null ? "-" : e.token())
                // Before the request id, which stays the last field.
                + (e.traceId() == null ? "" : " trace_id=" + sanitize(e.traceId()))
                + (e.spanId() == null ? "" : " span_id=" + sanitize(e.spanId()))
                + " id=" + e.requestId();
    }

    /**
     * Milliseconds with three decimals, e.g. {@code 1.234}: the same text as {@code %.3f} (truncated, not
     * rounded), without a Formatter per request on the hot path.
     */
    static String millis(long nanos) {
        long micros = Math.max(0, nanos) / 1_000;
        long frac = micros % 1_000;
        return (micros / 1_000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
    }

    /** A line is one line: no control characters from the client reach the log. */
    private static String sanitize(String s) {
        if (s == null) {
            return "-";
        }
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '"' ? '?' : c);
        }
        return sb.toString();
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
