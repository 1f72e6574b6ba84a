package io.celeris.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a client may take to send a request. The idle keep-alive timeout and the cap on open connections
 * are Helidon's own ({@code server.idle-connection-timeout}, {@code server.max-tcp-connections}); these two
 * are not in Helidon 4.5 and are enforced by {@link SlowClients}.
 *
 * @param headerTimeout longest time from the end of a request line to the end of its header section
 * @param bodyTimeout   longest time from the end of the header section to the end of the body
 */
public record TransportSettings(Duration headerTimeout, Duration bodyTimeout) {

    public TransportSettings {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(bodyTimeout, "bodyTimeout");
        if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("the header and body timeouts must be positive, not "
                    + headerTimeout + " and " + bodyTimeout);
        }
    }
}
