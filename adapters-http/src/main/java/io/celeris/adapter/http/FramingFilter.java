package io.celeris.adapter.http;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Keeps one request from being read as another (request smuggling), and enforces the body limit. An answer given
 * before the request's body was read to its end (413, a 400 on broken framing, 401/403/415/404 on a write with a
 * body, any early error) says {@code Connection: close}, and the connection then closes: the unread rest of the body
 * must never be parsed as the next request. The same for any answer that says {@code Connection: close}, e.g.
 * because the client asked for it.
 *
 * <p>Closing with the body unread made the kernel reset the connection, and a client still writing its body (Java's
 * {@code HttpClient} writes all of it before it reads) got a broken pipe instead of the answer. So when one
 * {@code Content-Length} alone frames the body (no {@code Transfer-Encoding}; no {@code Expect: 100-continue},
 * whose client sends nothing before a {@code 100 Continue} that never comes), the rest of it is read and dropped
 * after the answer, never parsed, under the body timeout ({@link SlowClients}), before the connection closes: a
 * lingering close. Helidon moves its own limit out to what is read this way ({@link HttpAdapter#transport}).
 *
 * <p>The limit ({@code server.max-payload-size}) is checked here, before anything reads the body: a declared
 * {@code Content-Length} over it is answered 413 at once, a chunked body at the byte that passes it
 * ({@link RequestBody}).
 *
 * <p>Why here: Helidon 4.5.0 writes {@code Connection: close} on such answers but then goes on reading the
 * connection for the next request (its HTTP/1.1 loop only stops on an exception), so the client's word or the
 * header alone never closed anything. Throwing {@link CloseConnectionException} once the answer is out is the
 * way Helidon offers to end a connection from routing.
 *
 * <p>An answer to a request with a chunked body says {@code Connection: close} too, read to its end or not: Helidon
 * 4.5 does not check the CRLF after a chunk's data and reads a chunk size with a sign, so its end of such a body can
 * differ from a strict proxy's, and whatever follows on that connection is never parsed.
 *
 * <p>Once the service shuts down ({@link Drain#begin()}), every answer says {@code Connection: close} too, and its
 * connection closes after it (at once: a shutdown reads no more bodies).
 */
final class FramingFilter implements Filter {

    private final Drain drain;
    private final long maxPayloadSize;

    /**
     * @param drain          begun when the service shuts down
     * @param maxPayloadSize largest request body in bytes, -1 for none
     */
    FramingFilter(Drain drain, long maxPayloadSize) {
        this.drain = drain;
        this.maxPayloadSize = maxPayloadSize;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Headers headers = req.headers();
        boolean chunked = headers.contains(HeaderNames.TRANSFER_ENCODING);
        res.beforeSend(() -> {
            if (!req.content().consumed()) {
                TransportStats.INSTANCE.unreadBodyClose();
                // headers(), not header(): a streamed answer refuses header() once its stream is open.
                res.headers().set(HeaderValues.CONNECTION_CLOSE);
                if (lingering(headers)) {
                    SlowClients.draining();
                }
            } else if (chunked || drain.begun()) {
                // Chunked: Helidon 4.5 reads chunked framing loosely (it skips the two bytes after a chunk's data
                // unread and takes a size such as "+20"), so where it ends such a body may not be where a strict
                // proxy in front ends it: nothing after a chunked request is ever parsed on its connection.
                res.headers().set(HeaderValues.CONNECTION_CLOSE);
            }
        });
        res.whenSent(SlowClients::answered);
        req.streamFilter(in -> new RequestBody(in, req.prologue(), chunked ? maxPayloadSize : -1));
        if (maxPayloadSize > 0 && headers.contains(HeaderNames.CONTENT_LENGTH)
                && headers.contentLength().orElse(0) > maxPayloadSize) {
            // Answered here, not thrown: an exception would leave this filter before the connection is closed.
            Problems.send(req, res, RequestBody.tooLarge().toProblem(Problems.path(req)));
        } else {
            chain.proceed();
        }
        if (res.isSent() && (saysClose(res.headers()) || saysClose(headers))) {
            if (!req.content().consumed() && lingering(headers)) {
                dropRestOfBody(req);
            }
            throw new CloseConnectionException("answer sent with Connection: close");
        }
    }

    /**
     * Whether the unread rest of a body is read before the connection closes: one {@code Content-Length} frames it
     * and nothing else; its client is not waiting for a {@code 100 Continue}; the service is not shutting down.
     */
    private boolean lingering(Headers headers) {
        return !drain.begun()
                && headers.contains(HeaderNames.CONTENT_LENGTH)
                && !headers.contains(HeaderNames.TRANSFER_ENCODING)
                && !headers.contains(HeaderNames.EXPECT)
                && headers.get(HeaderNames.CONTENT_LENGTH).valueCount() == 1;
    }

    /** Reads what is left of the body, as framed, and drops it; a client that leaves or stalls ends it. */
    private static void dropRestOfBody(RoutingRequest req) {
        try {
            req.content().consume();
            TransportStats.INSTANCE.unreadBodyDrained();
        } catch (RuntimeException e) {
            // Gone, or too slow (the body timeout, see RequestBody): the connection closes all the same.
            return;
        }
    }

    /**
     * Whether {@code close} is among the {@code Connection} tokens. Nearly every request and answer has no such header
     * or exactly {@code keep-alive}: those are told apart without Helidon's tokenizing (a split per value on every
     * request, 3% of the CPU of an L1 hit).
     */
    static boolean saysClose(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return false;
        }
        Header connection = headers.get(HeaderNames.CONNECTION);
        if (connection.valueCount() == 1 && connection.get().equalsIgnoreCase("keep-alive")) {
            return false;
        }
        return headers.containsToken(HeaderValues.CONNECTION_CLOSE);
    }
}
