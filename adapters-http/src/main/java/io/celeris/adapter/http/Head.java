package io.celeris.adapter.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * HEAD, answered as GET without the body (RFC 9110 §9.3.2): the same status and headers, the
 * {@code Content-Length} the GET would have had, and not one byte after the headers. Helidon 4.5 neither
 * routes HEAD to GET nor holds a body back on a HEAD response; a body written there would be read by
 * the client as the start of the next response on the connection.
 */
final class Head {

    private Head() {
    }

    /**
     * @param get a GET handler
     * @return the same handler for HEAD: whatever it sends, only the headers go out
     */
    static Handler of(Handler get) {
        return (req, res) -> get.handle(req, new BodilessResponse(res));
    }

    /**
     * Sends {@code body}, or for a HEAD request only its length: the one way error answers are sent, since an
     * error handler gets the real response, not the one a HEAD route wrapped.
     *
     * @param req  the request
     * @param res  the response
     * @param body the body a GET would get
     */
    static void send(ServerRequest req, ServerResponse res, byte[] body) {
        if (req.prologue().method() == Method.HEAD) {
            sendLengthOnly(res, body.length);
        } else {
            res.send(body);
        }
    }

    private static void sendLengthOnly(ServerResponse res, long length) {
        // Helidon keeps a Content-Length set before send(); with no bytes, only the headers are written.
        res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        res.send();
    }

    /** A response that sends headers only, with the length of whatever the handler sends. */
    private static final class BodilessResponse implements ServerResponse {

        private final ServerResponse delegate;

        BodilessResponse(ServerResponse delegate) {
            this.delegate = delegate;
        }

        @Override
        public void send(byte[] bytes) {
            sendLengthOnly(delegate, bytes.length);
        }

        @Override
        public void send(byte[] bytes, int position, int length) {
            sendLengthOnly(delegate, length);
        }

        @Override
        public void send(Object entity) {
            switch (entity) {
                case byte[] bytes -> send(bytes);
                case String text -> send(text.getBytes(StandardCharsets.UTF_8));
                // The length of another entity is known only to the media support that would write it.
                default -> throw new UnsupportedOperationException("HEAD of a " + entity.getClass().getSimpleName()
                        + " entity: send bytes from GET handlers");
            }
        }

        @Override
        public void send() {
            delegate.send();
        }

        @Override
        public OutputStream outputStream() {
            return new OutputStream() {
                private long count;
                private boolean closed;

                @Override
                public void write(int b) {
                    count++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    count += len;
                }

                @Override
                public void close() {
                    if (!closed) {
                        closed = true;
                        sendLengthOnly(delegate, count);
                    }
                }
            };
        }

        @Override
        public ServerResponse status(Status status) {
            delegate.status(status);
            return this;
        }

        @Override
        public Status status() {
            return delegate.status();
        }

        @Override
        public ServerResponse header(Header header) {
            delegate.header(header);
            return this;
        }

        @Override
        public boolean isSent() {
            return delegate.isSent();
        }

        @Override
        public long bytesWritten() {
            return delegate.bytesWritten();
        }

        @Override
        public ServerResponse beforeSend(Runnable listener) {
            delegate.beforeSend(listener);
            return this;
        }

        @Override
        public ServerResponse beforeTrailers(Consumer<ServerResponseTrailers> beforeTrailers) {
            delegate.beforeTrailers(beforeTrailers);
            return this;
        }

        @Override
        public ServerResponse whenSent(Runnable listener) {
            delegate.whenSent(listener);
            return this;
        }

        @Override
        public ServerResponse reroute(String newPath) {
            delegate.reroute(newPath);
            return this;
        }

        @Override
        public ServerResponse reroute(String path, UriQuery query) {
            delegate.reroute(path, query);
            return this;
        }

        @Override
        public ServerResponse next() {
            delegate.next();
            return this;
        }

        @Override
        public ServerResponseHeaders headers() {
            return delegate.headers();
        }

        @Override
        public ServerResponseTrailers trailers() {
            return delegate.trailers();
        }

        @Override
        public void streamResult(String result) {
            delegate.streamResult(result);
        }

        @Override
        public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
            delegate.streamFilter(filterFunction);
        }
    }
}
