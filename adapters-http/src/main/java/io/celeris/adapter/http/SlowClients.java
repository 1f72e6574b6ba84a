package io.celeris.adapter.http;

import io.helidon.http.Headers;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ProtocolConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Closes connections whose client sends a request too slowly: the header section must be complete within the
 * header timeout of the request line, the body within the body timeout of the headers. Helidon 4.5 has neither
 * (its socket read timeout does not apply to its NIO sockets, and its idle timeout spares a connection once a
 * request line has arrived), so a few hundred clients trickling bytes could hold threads and sockets forever.
 *
 * <p>How: Helidon reports a request line and a header section to a receive listener on the connection's own
 * thread, and the routing runs on that same thread; each connection's state lives in a thread-local
 * {@link Watch}, registered with the watchdog once per connection (a request only sets its phase and deadline: no
 * shared set is written per request), and dropped by the watchdog once the connection is closed. The watchdog
 * interrupts the connection thread of a watch past its deadline: blocked in a
 * socket read, the read fails and Helidon closes the connection without an answer (there is nobody to answer).
 * A watch that fires just as its phase ends is caught under the watch's lock, so an interrupt never leaks into
 * the rest of a request.
 */
public final class SlowClients implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SlowClients.class.getName());
    private static final ThreadLocal<Watch> CURRENT = new ThreadLocal<>();

    private final long headerNanos;
    private final long bodyNanos;
    /** One per open connection (and a connection closed since the watchdog's last look). */
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Thread watchdog;
    private volatile boolean running = true;

    SlowClients(TransportSettings settings) {
        this.headerNanos = settings.headerTimeout().toNanos();
        this.bodyNanos = settings.bodyTimeout().toNanos();
        // A tenth of the shortest timeout: a connection closes at most 10% late, between 20 ms and 500 ms late.
        long tick = Math.clamp(Math.min(headerNanos, bodyNanos) / 10 / 1_000_000, 20, 500);
        this.watchdog = Thread.ofPlatform().daemon().name("celeris-slow-clients").unstarted(() -> watch(tick));
        watchdog.start();
    }

    /**
     * Puts the receive listener on the server's HTTP/1.1 protocol.
     *
     * @param server the server to configure
     */
    void configure(WebServerConfig.Builder server) {
        // Instead of the discovered HTTP/1.1 configuration, not beside it: with two candidate protocols Helidon
        // reads a new connection's first bytes before it registers the connection, so its idle timeout would not
        // see a socket that never sends anything.
        // Replacing any HTTP/1.1 configuration already there keeps this idempotent.
        List<ProtocolConfig> protocols = new ArrayList<>(server.protocols().stream()
                .filter(p -> !(p instanceof Http1Config)).toList());
        protocols.add(Http1Config.builder().addReceiveListener(new Listener()).build());
        server.protocolsDiscoverServices(false).protocols(protocols);
    }

    /** The body of the request routed on this thread has been read to its end. */
    static void bodyEnded() {
        Watch w = CURRENT.get();
        if (w != null) {
            w.settle(w.draining ? Phase.IDLE : Phase.PROCESSING);
            w.draining = false;
        }
    }

    /**
     * The request routed on this thread is being answered before its body was read: the rest is read after the
     * answer, before the connection closes ({@link FramingFilter}), still under the body timeout.
     */
    static void draining() {
        Watch w = CURRENT.get();
        if (w != null) {
            w.draining = true;
        }
    }

    /**
     * The request routed on this thread has been answered: the connection waits for the next one, or, if the rest of
     * its body is still to be read, for that first (the body's end settles the watch).
     */
    static void answered() {
        Watch w = CURRENT.get();
        if (w != null && !w.draining) {
            w.settle(Phase.IDLE);
        }
    }

    /**
     * @return whether this thread's connection has not read a request line since its last answer (or ever): a
     *         failure now is one of reading the next request line, made by the client's bytes
     */
    static boolean awaitingRequestLine() {
        Watch w = CURRENT.get();
        return w == null || w.idle();
    }

    /**
     * @return whether this thread's connection was closed because its client was too slow
     */
    static boolean timedOut() {
        Watch w = CURRENT.get();
        return w != null && w.fired();
    }

    private void watch(long tickMillis) {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : watches) {
                if (w.expire(now)) {
                    watches.remove(w);
                }
            }
        }
    }

    /** @return the connections watched: the open ones, and any closed since the watchdog's last look */
    int watched() {
        return watches.size();
    }

    @Override
    public void close() {
        running = false;
        watchdog.interrupt();
    }

    private enum Phase { IDLE, HEADERS, BODY, PROCESSING }

    private final class Listener implements Http1ConnectionListener {

        @Override
        public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
            watch(ctx).arm(Phase.HEADERS, headerNanos);
        }

        @Override
        public void headers(ConnectionContext ctx, Headers headers) {
            boolean body = headers.contains(HeaderNames.TRANSFER_ENCODING)
                    || headers.first(HeaderNames.CONTENT_LENGTH).map(v -> !v.trim().equals("0")).orElse(false);
            Watch w = watch(ctx);
            if (body) {
                w.arm(Phase.BODY, bodyNanos);
            } else {
                w.settle(Phase.PROCESSING);
            }
        }

        private Watch watch(ConnectionContext ctx) {
            Watch w = CURRENT.get();
            if (w == null || w.ctx != ctx) {
                if (w != null) {
                    watches.remove(w);
                }
                w = new Watch(ctx, Thread.currentThread());
                CURRENT.set(w);
                watches.add(w);
            }
            return w;
        }
    }

    /** One connection; every method but {@link #expire} runs on the connection's thread. */
    private final class Watch {
        private final ConnectionContext ctx;
        private final Thread thread;
        private Phase phase = Phase.IDLE;
        /** Answered, the rest of the body still to be read: only this thread reads or writes it. */
        private boolean draining;
        private long deadline;
        private boolean fired;

        Watch(ConnectionContext ctx, Thread thread) {
            this.ctx = ctx;
            this.thread = thread;
        }

        synchronized void arm(Phase next, long timeoutNanos) {
            checkNotFired();
            if (next == Phase.HEADERS) {
                draining = false; // a new request: whatever the last one left
            }
            phase = next;
            deadline = System.nanoTime() + timeoutNanos;
        }

        synchronized void settle(Phase next) {
            checkNotFired();
            phase = next;
        }

        synchronized boolean idle() {
            return phase == Phase.IDLE;
        }

        synchronized boolean fired() {
            return fired;
        }

        /** @return whether the watch is done with: its connection is closed, or it has fired */
        synchronized boolean expire(long now) {
            if (fired) {
                return true;
            }
            if (!ctx.serverSocket().isConnected()) {
                // The connection has ended (the client left, or Helidon closed it): nothing left to watch.
                phase = Phase.IDLE;
                return true;
            }
            if ((phase != Phase.HEADERS && phase != Phase.BODY) || now - deadline < 0) {
                return false;
            }
            fired = true;
            boolean headers = phase == Phase.HEADERS;
            if (headers) {
                TransportStats.INSTANCE.headerTimeout();
            } else {
                TransportStats.INSTANCE.bodyTimeout();
            }
            LOG.log(Level.INFO, () -> "closing the connection from " + ctx.remotePeer().host() + ": request "
                    + (headers ? "headers" : "body") + " not complete within "
                    + Duration.ofNanos(headers ? headerNanos : bodyNanos));
            // Blocked in a read, the connection's thread fails it (the channel closes); about to end its phase, it
            // finds the watch fired under this lock instead.
            thread.interrupt();
            return true;
        }

        /** The watchdog fired while this thread was not in a read: drop its interrupt and close. */
        private void checkNotFired() {
            if (fired) {
                Thread.interrupted();
                throw new CloseConnectionException("request not complete within its timeout");
            }
        }
    }
}
