package io.celeris.adapter.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HttpException;
import io.helidon.http.HttpPrologue;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A request body as handlers read it, turning what can go wrong underneath into answers: broken chunked framing
 * is a 400 and a body over the limit a 413 (Helidon throws them from deep in the read, where they escaped as 500s
 * or were answered on a connection that stayed open), and a client that goes away in the middle of its body is
 * counted as an abort and ends the connection quietly, without an answer nobody would read, a 500 or a stack
 * trace. Its end tells {@link SlowClients} the body arrived in time.
 */
final class RequestBody extends InputStream {

    private static final Logger LOG = Logger.getLogger(RequestBody.class.getName());

    private final InputStream delegate;
    private final HttpPrologue prologue;
    private final long limit;
    private long read;

    /**
     * @param delegate the body as Helidon reads it
     * @param prologue the request line, for the log
     * @param limit    the most bytes it may have (a chunked body: its length is known only at its end), -1 for no
     *                 check here (a declared length was checked before the body was read)
     */
    RequestBody(InputStream delegate, HttpPrologue prologue, long limit) {
        this.delegate = delegate;
        this.prologue = prologue;
        this.limit = limit;
    }

    /** @return the 413 of a body over the limit */
    static ProblemException tooLarge() {
        return problem(Status.REQUEST_ENTITY_TOO_LARGE_413);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = delegate.read(b, off, len);
        } catch (RequestException e) {
            throw problem(e.status());
        } catch (HttpException e) {
            throw problem(e.status());
        } catch (NumberFormatException | DataReader.IncorrectNewLineException e) {
            // Helidon 4.5.0 parses a chunk size with Integer.parseUnsignedInt and lets its exception escape.
            throw problem(Status.BAD_REQUEST_400);
        } catch (CloseConnectionException | DataReader.InsufficientDataAvailableException | UncheckedIOException e) {
            throw abandoned();
        }
        if (n == -1) {
            SlowClients.bodyEnded();
        } else if (limit > 0 && (read += n) > limit) {
            throw tooLarge();
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return delegate.available();
    }

    @Override
    public void close() throws IOException {
        try {
            delegate.close();
        } catch (CloseConnectionException | DataReader.InsufficientDataAvailableException | UncheckedIOException e) {
            throw abandoned();
        }
    }

    private static ProblemException problem(Status status) {
        // Helidon's framing errors say 400 with a plain message; the answer says what kind of problem it is.
        Status s = status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code() ? status : Status.BAD_REQUEST_400;
        String detail = s.code() == 413 ? "the request body is larger than the server accepts"
                : "the request body's framing is invalid (Content-Length or chunked encoding)";
        Problem p = Problems.forStatus(s, null);
        return new ProblemException(s, p.slug(), p.title(), detail);
    }

    private AbandonedRequest abandoned() {
        String request = prologue.method().text() + " " + prologue.uriPath().rawPath();
        if (SlowClients.timedOut()) {
            // Counted and logged by the watchdog that closed the connection; its interrupt has done its work.
            Thread.interrupted();
            return new AbandonedRequest("request body too slow: " + request, AbandonedRequest.TIMED_OUT);
        }
        TransportStats.INSTANCE.clientAbort();
        LOG.log(Level.INFO, () -> "client closed the connection before the body of " + request + " ended");
        return new AbandonedRequest("client closed the connection mid-body: " + request, AbandonedRequest.CLIENT_CLOSED);
    }
}
