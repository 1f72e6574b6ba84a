package io.celeris.adapter.http;

import java.util.Objects;

/**
 * The access log: one line per request, through JUL logger {@value RequestContextFilter#ACCESS_LOGGER}.
 *
 * @param enabled       whether lines are written
 * @param json          JSON lines instead of text
 * @param clientAddress who the line names as the client: the peer, or the client a trusted proxy forwarded for
 * @param traced        whether requests may run traced: only then does a line look for trace and span ids in the
 *                      logging MDC (two lookups through Helidon's MDC providers per request, for nothing when off)
 */
public record AccessLogSettings(boolean enabled, boolean json, ClientAddress clientAddress, boolean traced) {

    /** Text lines, on. */
    public static final AccessLogSettings TEXT = new AccessLogSettings(true, false);
    /** No access log. */
    public static final AccessLogSettings OFF = new AccessLogSettings(false, false);

    public AccessLogSettings {
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** Lines that look for trace ids whenever a request has them. */
    public AccessLogSettings(boolean enabled, boolean json, ClientAddress clientAddress) {
        this(enabled, json, clientAddress, true);
    }

    /** Lines that name the TCP peer (no proxy trusted). */
    public AccessLogSettings(boolean enabled, boolean json) {
        this(enabled, json, ClientAddress.PEER_ONLY);
    }
}
