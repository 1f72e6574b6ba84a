package io.celeris.adapter.http;

import io.helidon.webserver.CloseConnectionException;

/**
 * A request that can get no answer: its client closed the connection before the body ended, or sent it too
 * slowly. Helidon closes the connection on this exception without logging it; the access log records it with
 * {@link #logStatus()} (never sent to anyone).
 */
final class AbandonedRequest extends CloseConnectionException {

    /** nginx's "client closed request": the client went away before its request was complete. */
    static final int CLIENT_CLOSED = 499;
    /** Request Timeout: the client was slower than the configured timeout. */
    static final int TIMED_OUT = 408;

    private final int logStatus;

    AbandonedRequest(String message, int logStatus) {
        super(message);
        this.logStatus = logStatus;
    }

    int logStatus() {
        return logStatus;
    }
}
