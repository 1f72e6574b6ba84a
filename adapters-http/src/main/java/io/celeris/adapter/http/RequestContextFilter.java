package io.celeris.adapter.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.logging.common.HelidonMdc;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id (a well-formed incoming {@code X-Request-Id}, else a new one), echoes it in
 * the response, puts it in the logging MDC as {@code request_id} for every line logged while the
 * request runs, and writes one access-log line when the response has been sent (errors included), naming
 * the token that authorized it, if any, or when the request was abandoned without an answer (status 499: the
 * client left; 408: it was too slow). An answer whose write failed once it had begun still gets its line: the
 * client may have it. While it runs, the request counts as in flight for the {@link Drain}.
 */
final class RequestContextFilter implements Filter {

    static final String ACCESS_LOGGER = AccessLog.LOGGER;
    static final String MDC_KEY = "request_id";
    static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    private static final HeaderName X_FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;
    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** The id of the request this thread is routing: answers Helidon gives from inside routing reuse it. */
    private static final ThreadLocal<String> ROUTING = new ThreadLocal<>();

    private final AccessLog accessLog;
    private final ClientAddress clientAddress;
    private final Drain drain;

    RequestContextFilter(AccessLogSettings accessLog, Drain drain) {
        this.accessLog = new AccessLog(accessLog);
        this.clientAddress = accessLog.clientAddress();
        this.drain = drain;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String id = requestId(req.headers());
        res.header(REQUEST_ID, id);
        req.context().register(MDC_KEY, id);
        drain.enter();
        try {
            Line line = accessLog.enabled() ? new Line(req, res, id, System.nanoTime()) : null;
            if (line != null) {
                res.whenSent(line::sent);
            }
            HelidonMdc.set(MDC_KEY, id);
            ROUTING.set(id);
            try {
                chain.proceed();
            } catch (RuntimeException | Error e) {
                if (line != null) {
                    if (res.isSent()) {
                        // Answered, but Helidon skipped the whenSent listeners: the write reported a failure after
                        // the bytes had gone (an interrupt landing inside the write, as at the end of a shutdown's
                        // grace period), or a listener before ours failed. The client may well have its answer.
                        line.sent();
                    } else if (e instanceof AbandonedRequest a) {
                        line.write(a.logStatus(), 0);
                    }
                }
                throw e;
            } finally {
                ROUTING.remove();
                HelidonMdc.remove(MDC_KEY);
            }
        } finally {
            drain.exit();
        }
    }

    /** The access-log line of one request: written once, when its answer has been sent or it was abandoned. */
    private final class Line {
        private final RoutingRequest req;
        private final RoutingResponse res;
        private final String id;
        private final long start;
        private boolean written;

        Line(RoutingRequest req, RoutingResponse res, String id, long start) {
            this.req = req;
            this.res = res;
            this.id = id;
            this.start = start;
        }

        void sent() {
            write(res.status().code(), res.bytesWritten());
        }

        /** On the request's thread only (the listener runs on it, inside the routing). */
        void write(int status, long bytes) {
            if (written) {
                return;
            }
            written = true;
            long nanos = System.nanoTime() - start;
            accessLog.log(entry(req, res, remote(req), id, status, bytes, nanos, accessLog.traced()));
        }
    }

    /**
     * @return the client's {@code X-Request-Id} when it is well-formed, else a new id
     */
    static String requestId(Headers headers) {
        return headers.first(REQUEST_ID).filter(v -> WELL_FORMED.matcher(v).matches())
                .orElseGet(RequestContextFilter::newId);
    }

    /**
     * @return the id of the request this thread is routing, if it is routing one
     */
    static Optional<String> routing() {
        return Optional.ofNullable(ROUTING.get());
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

    /**
     * The peer, or whom a trusted proxy forwarded for (the header is only looked at when a proxy is trusted);
     * {@code null} once the connection is closed (the peer is asked of the socket, not remembered).
     */
    private String remote(RoutingRequest req) {
        String peer;
        try {
            peer = req.remotePeer().host();
        } catch (RuntimeException e) {
            return null;
        }
        if (!clientAddress.trustsAnyProxy() || !req.headers().contains(X_FORWARDED_FOR)) {
            return peer;
        }
        return clientAddress.resolve(peer, req.headers().get(X_FORWARDED_FOR).allValues());
    }

    /** The header's first value, or null: one lookup ({@code Headers.first} makes two when the header is there). */
    private static String first(Headers headers, HeaderName name) {
        List<String> values = headers.all(name, List::of);
        return values.isEmpty() ? null : values.getFirst();
    }

    private static AccessLog.Entry entry(RoutingRequest req, RoutingResponse res, String remote, String id, int status,
                                         long bytes, long nanos, boolean traced) {
        return new AccessLog.Entry(remote, req.prologue().method().text(),
                req.prologue().uriPath().rawPath(), req.prologue().query().rawValue(), status, bytes, nanos,
                first(res.headers(), CacheStatus.HEADER),
                // The name of the token that authorized the request (never its secret); set by AccessGuard, which
                // only does so for a request with an Authorization header: without one, the context (which looks
                // up through its parents for a name it lacks) is not asked.
                req.headers().contains(HeaderNames.AUTHORIZATION)
                        ? req.context().get(AccessGuard.TOKEN_NAME, String.class).orElse(null) : null, id,
                // Set by the tracing filter (bootstrap) around this one when tracing is on; written on this thread.
                traced ? HelidonMdc.get(AccessLog.TRACE_ID_MDC).orElse(null) : null,
                traced ? HelidonMdc.get(AccessLog.SPAN_ID_MDC).orElse(null) : null);
    }
}
