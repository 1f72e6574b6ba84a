package io.celeris.adapter.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Gives every request an id (a well-formed incoming {@code X-Request-Id}, else a new one), echoes it in
 * the response, puts it in the logging MDC as {@code request_id} for every line logged while the
 * request runs, and writes one access-log line when the response has been sent (errors included).
 */
final class RequestContextFilter implements Filter {

    static final String ACCESS_LOGGER = "io.celeris.access";
    static final String MDC_KEY = "request_id";
    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final HeaderName X_FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger ACCESS = Logger.getLogger(ACCESS_LOGGER);
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final AccessLogSettings accessLog;

    RequestContextFilter(AccessLogSettings accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = req.headers().first(REQUEST_ID).filter(v -> WELL_FORMED.matcher(v).matches())
                .orElseGet(RequestContextFilter::newId);
        res.header(REQUEST_ID, id);
        req.context().register(MDC_KEY, id);
        if (accessLog.enabled()) {
            long start = System.nanoTime();
            res.whenSent(() -> ACCESS.log(Level.INFO, line(req, res, id, System.nanoTime() - start)));
        }
        HelidonMdc.set(MDC_KEY, id);
        try {
            chain.proceed();
        } finally {
            HelidonMdc.remove(MDC_KEY);
        }
    }

    /** 128 random bits as 32 hex digits: unique enough, cheap, no lock. */
    static String newId() {
        var r = ThreadLocalRandom.current();
        char[] out = new char[32];
        long a = r.nextLong();
        long b = r.nextLong();
        for (int i = 0; i < 16; i++) {
            out[i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xF];
            out[16 + i] = HEX[(int) (b >>> (60 - 4 * i)) & 0xF];
        }
        return new String(out);
    }

    private String line(RoutingRequest req, RoutingResponse res, String id, long nanos) {
        String method = req.prologue().method().text();
        String path = req.prologue().uriPath().rawPath();
        String query = req.prologue().query().rawValue();
        int status = res.status().code();
        long bytes = res.bytesWritten();
        String cache = res.headers().first(UsersHttpService.CACHE_STATUS).orElse(null);
        String remote = client(req);
        if (accessLog.json()) {
            var sb = new StringBuilder(256).append('{');
            field(sb, "ts", Instant.now().toString()).append(',');
            field(sb, "remote", remote).append(',');
            field(sb, "method", method).append(',');
            field(sb, "path", path).append(',');
            field(sb, "query", query.isEmpty() ? null : query).append(',');
            sb.append("\"status\":").append(status).append(',');
            sb.append("\"bytes\":").append(bytes).append(',');
            sb.append("\"duration_ms\":").append(millis(nanos)).append(',');
            field(sb, "cache", cache).append(',');
            field(sb, "request_id", id);
            return sb.append('}').toString();
        }
        return remote + " \"" + method + " " + sanitize(path) + (query.isEmpty() ? "" : "?" + sanitize(query)) + "\" "
                + status + " " + bytes + " " + millis(nanos) + "ms"
                + " cache=\"" + Optional.ofNullable(cache).orElse("-") + "\" id=" + id;
    }

    /** The peer, or whom a trusted proxy forwarded for; the header is only looked at when a proxy is trusted. */
    private String client(RoutingRequest req) {
        ClientAddress clients = accessLog.clientAddress();
        String peer = req.remotePeer().host();
        if (!clients.trustsAnyProxy() || !req.headers().contains(X_FORWARDED_FOR)) {
            return peer;
        }
        return clients.resolve(peer, req.headers().get(X_FORWARDED_FOR).allValues());
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
        var sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f || c == '"' ? '?' : c);
        }
        return sb.toString();
    }

    private static StringBuilder field(StringBuilder sb, String name, String value) {
        sb.append('"').append(name).append("\":");
        if (value == null) {
            return sb.append("null");
        }
        sb.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}
