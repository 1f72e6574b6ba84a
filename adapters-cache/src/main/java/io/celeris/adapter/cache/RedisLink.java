package io.celeris.adapter.cache;

import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command connection to Redis, and whether it can be used right now.
 *
 * <p>It is opened in the background and retried until Redis answers, so a cache can be built while
 * Redis is down (it then works on L1 alone). Once open, Lettuce reconnects it by itself. Every
 * command goes through a circuit breaker: when Redis keeps failing or timing out, commands fail at
 * once instead of each waiting for its timeout; a background probe (PING) lets the breaker close
 * again without waiting for traffic.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());

    /** Commands that failed or timed out, of every cache of the instance. */
    final LongAdder errors = new LongAdder();
    /** Commands not even tried: not connected, or the circuit open. */
    final LongAdder rejected = new LongAdder();
    private final RedisConnector connector;
    private final CircuitBreaker breaker;
    private final String description;
    private volatile RedisConnector.Connection connection;
    private volatile boolean closed;

    RedisLink(RedisConnector connector, RedisSettings settings) {
        this.connector = connector;
        this.description = settings.redactedUri();
        var breakerSettings = settings.breaker();
        this.breaker = CircuitBreaker.builder()
                .name("redis")
                .volume(breakerSettings.volume())
                .errorRatio(breakerSettings.errorRatio())
                .delay(breakerSettings.openFor())
                .successThreshold(1)
                .enableMetrics(false)
                .build();
    }

    /**
     * Runs one command through the breaker.
     *
     * @throws RedisUnavailableException if not connected, the circuit is open, or the command failed
     */
    <T> T call(Function<RedisClusterCommands<String, byte[]>, T> command) {
        RedisConnector.Connection c = connection;
        if (c == null) {
            rejected.increment();
            throw new RedisUnavailableException("not connected to Redis at " + description, null);
        }
        try {
            return breaker.invoke(() -> command.apply(c.commands()));
        } catch (CircuitBreakerOpenException e) {
            rejected.increment();
            throw new RedisUnavailableException("circuit open", e);
        } catch (RuntimeException e) {
            errors.increment();
            throw new RedisUnavailableException(e.getMessage(), e);
        }
    }

    /**
     * Runs one background command outside the breaker, counted nowhere: the heartbeat. With only heartbeats going
     * to Redis (every read answered in process), a few slow ones on a loaded machine would otherwise open the
     * circuit, and every recovery clears L1; a Redis that stays silent is found by the silence of the bus.
     *
     * @return true if it ran
     */
    boolean tryUnguarded(Function<RedisClusterCommands<String, byte[]>, ?> command) {
        RedisConnector.Connection c = connection;
        if (c == null) {
            return false;
        }
        try {
            command.apply(c.commands());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * @return true when connected and the circuit is closed
     */
    boolean healthy() {
        RedisConnector.Connection c = connection;
        return c != null && c.connection().isOpen() && breaker.state() == CircuitBreaker.State.CLOSED;
    }

    /**
     * @return {@code closed}, {@code open} or {@code half_open}
     */
    String circuitState() {
        return breaker.state().name().toLowerCase(Locale.ROOT);
    }

    /** @return true once connected (Lettuce reconnects by itself from then on) */
    boolean connected() {
        return connection != null;
    }

    /** Connects if not done yet, or probes Redis while the circuit is not closed; the owner calls it regularly. */
    void check() {
        if (closed) {
            return;
        }
        try {
            if (connection == null) {
                connect();
            } else if (breaker.state() != CircuitBreaker.State.CLOSED && connection.connection().isOpen()) {
                // The probe: in half-open state one success closes the circuit.
                call(RedisClusterCommands::ping);
            }
        } catch (RedisUnavailableException e) {
            // Counted already; the breaker and the next check deal with it.
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Redis check failed", e);
        }
    }

    private void connect() {
        try {
            RedisConnector.Connection c = connector.connect();
            if (closed) {
                c.connection().close();
                return;
            }
            connection = c;
            LOG.info(() -> "cache connected to Redis at " + description);
        } catch (RuntimeException e) {
            errors.increment();
            LOG.log(Level.FINE, "Redis at " + description + " not reachable yet", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        RedisConnector.Connection c = connection;
        if (c != null) {
            c.connection().close();
        }
    }
}
