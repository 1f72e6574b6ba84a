package io.celeris.adapter.cache;

import io.helidon.faulttolerance.CircuitBreaker;
import io.helidon.faulttolerance.CircuitBreakerOpenException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * Most commands sent and not answered yet ({@link #send}). Answered in a fraction of a millisecond, a handful are
     * in flight at 20,000 a second; while Redis is slow each waits up to the command timeout, and past this bound the
     * next are dropped (counted) rather than queued without end.
     */
    static final int MAX_IN_FLIGHT = 512;

    /**
     * How long a store may wait in the buffer for others to go with it: one write and one wake-up of Lettuce's I/O
     * thread carry the stores of this window instead of one each (a store is checked against its token when it lands,
     * so a later landing is as safe as an earlier one).
     */
    static final Duration STORE_WINDOW = Duration.ofMillis(1);
    /** Stores buffered that are written at once, without waiting for the end of the window. */
    static final int STORE_BATCH = 64;

    /** Commands that failed or timed out, of every cache of the instance. */
    final LongAdder errors = new LongAdder();
    /** Commands not even tried: not connected, or the circuit open. */
    final LongAdder rejected = new LongAdder();
    /** Commands not sent because {@link #MAX_IN_FLIGHT} were unanswered already. */
    final LongAdder dropped = new LongAdder();

    private final RedisConnector connector;
    private final ScheduledExecutorService scheduler;
    private final long storeWindowNanos;
    private final CircuitBreaker breaker;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Duration drainTimeout;
    private final String description;
    private volatile RedisConnector.Connection connection;
    /** The stores' connection: it buffers until {@link #flushStores} ({@link RedisConnector#connectBuffered}). */
    private volatile RedisConnector.Connection stores;
    /** Stores buffered since the last flush; the first of a window schedules the flush that ends it. */
    private final AtomicInteger unflushed = new AtomicInteger();
    private volatile boolean closed;
    /** Redis's own answer to the last failed connect (a wrong password, a database it does not have), else null. */
    private volatile String refusal;
    /** False once Redis refused {@code SET NX GET} (before 7.0): lookups go by script from then on. */
    private volatile boolean plainLookups = true;

    RedisLink(RedisConnector connector, RedisSettings settings) {
        this(connector, settings, STORE_WINDOW);
    }

    /** As {@link #RedisLink(RedisConnector, RedisSettings)}, with the stores' window of a test. */
    RedisLink(RedisConnector connector, RedisSettings settings, Duration storeWindow) {
        this.connector = connector;
        // A thread of its own: Lettuce's computation thread also runs its reconnects, which must not hold up a flush.
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("celeris-redis-stores")
                .daemon(true)
                .factory());
        this.storeWindowNanos = storeWindow.toNanos();
        this.description = settings.redactedUri();
        // Every sent command ends within its timeout (Lettuce's timeout options), so this drains them all.
        this.drainTimeout = settings.commandTimeout().multipliedBy(2).plusMillis(100);
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
        return guarded(c -> command.apply(c.commands()));
    }

    private <T> T guarded(Function<RedisConnector.Connection, T> command) {
        RedisConnector.Connection c = connection;
        if (c == null) {
            rejected.increment();
            throw new RedisUnavailableException("not connected to Redis at " + description, null);
        }
        try {
            return breaker.invoke(() -> command.apply(c));
        } catch (CircuitBreakerOpenException e) {
            rejected.increment();
            throw new RedisUnavailableException("circuit open", e);
        } catch (RuntimeException e) {
            errors.increment();
            throw new RedisUnavailableException(e.getMessage(), e);
        }
    }

    /** @return whether lookups may go as plain commands ({@code SET NX GET}: Redis 7.0 and later) */
    boolean plainLookups() {
        return plainLookups;
    }

    /** From now on, lookups go by script: this Redis refused {@code SET NX GET}. */
    void lookUpByScript() {
        if (plainLookups) {
            plainLookups = false;
            LOG.info(() -> "Redis at " + description + " has no SET NX GET (before 7.0): cache lookups go by script");
        }
    }

    /** @return whether a command failed because Redis does not know {@code SET}'s {@code NX} with {@code GET} */
    static boolean setGetUnsupported(Throwable failure) {
        Throwable e = RedisScript.unwrap(failure);
        return e instanceof RedisCommandExecutionException && e.getMessage() != null
                && e.getMessage().startsWith("ERR syntax error");
    }

    /**
     * As {@link #call}, given the connection (its asynchronous API, or the connection itself for commands dispatched
     * together, in one write) and waited for without a deadline of the caller's own: Lettuce's timeout options end
     * every command within the command timeout, so the wait is bounded all the same, and a virtual thread that waits
     * parks untimed (no timer task to schedule and cancel per command).
     *
     * @throws RedisUnavailableException if not connected, the circuit is open, or the command failed
     */
    <T> T await(Function<RedisConnector.Connection, CompletionStage<T>> command) {
        return guarded(c -> join(command.apply(c)));
    }

    private static <T> T join(CompletionStage<T> answer) {
        try {
            return answer.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Sends one command without waiting for its answer: a store the request need not wait for, on the command
     * connection, so a command sent after it on the same thread (a lookup) finds it done. Not through the breaker (it
     * guards waits; nobody waits here): sent only while the circuit is closed, and a failure is counted as a Redis
     * error. The commands the requests wait for (lookups) keep the breaker informed.
     *
     * @return the command's answer to come, or null if it was not sent: not connected or circuit not closed (counted
     *         as rejected), or {@link #MAX_IN_FLIGHT} commands unanswered already (counted as dropped)
     */
    <T> CompletionStage<T> send(Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
        return send(connection, false, command);
    }

    /**
     * As {@link #send}, on the stores' own connection, with the other stores of its {@link #STORE_WINDOW window}: one
     * write and one wake-up of Lettuce's I/O thread for them all. It lands up to a window later, and a lookup sent
     * meanwhile may not find it: for stores whose reader has the value at hand anyway (in L1).
     */
    <T> CompletionStage<T> sendBuffered(
            Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
        return send(stores, true, command);
    }

    private <T> CompletionStage<T> send(RedisConnector.Connection c, boolean buffered,
                                        Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
        if (closed || c == null || breaker.state() != CircuitBreaker.State.CLOSED) {
            rejected.increment();
            return null;
        }
        if (!inFlight.tryAcquire()) {
            dropped.increment();
            return null;
        }
        CompletionStage<T> answer;
        try {
            answer = command.apply(c.async());
        } catch (RuntimeException e) {
            inFlight.release();
            errors.increment();
            return null;
        }
        if (buffered) {
            buffered();
        }
        return answer.whenComplete((result, failure) -> {
            inFlight.release();
            if (failure != null) {
                errors.increment();
                LOG.log(Level.FINE, "Redis command sent without waiting failed", failure);
            }
        });
    }

    /**
     * Counts a store buffered; the first of a window schedules its flush, a full batch is flushed now. A store counted
     * after a flush began either was in the buffer it wrote or schedules the next flush: none is left behind.
     */
    private void buffered() {
        int count = unflushed.incrementAndGet();
        if (count == 1) {
            try {
                scheduler.schedule(this::flushStores, storeWindowNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                flushStores(); // closing: write now
            }
        } else if (count == STORE_BATCH) {
            flushStores();
        }
    }

    /** Writes the stores buffered so far. */
    void flushStores() {
        unflushed.set(0);
        RedisConnector.Connection c = stores;
        if (c != null) {
            try {
                c.connection().flushCommands();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "writing the buffered Redis stores failed", e);
            }
        }
    }

    /**
     * Waits until every command {@link #send sent} has been answered (or has failed).
     *
     * @return true if none is in flight any more; false if some still were after the timeout
     */
    boolean awaitSent(Duration timeout) {
        try {
            if (inFlight.tryAcquire(MAX_IN_FLIGHT, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                inFlight.release(MAX_IN_FLIGHT);
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
        RedisConnector.Connection c = null;
        try {
            c = connector.connect();
            RedisConnector.Connection buffered = connector.connectBuffered();
            if (closed) {
                c.connection().close();
                buffered.connection().close();
                return;
            }
            stores = buffered;
            connection = c;
            refusal = null;
            LOG.info(() -> "cache connected to Redis at " + description);
        } catch (RuntimeException e) {
            if (c != null) {
                c.connection().close(); // the stores' connection failed: both are tried again at the next check
            }
            errors.increment();
            String refused = refusal(e);
            if (refused != null && !refused.equals(refusal)) {
                // Redis answered, and said no: a setting to fix (REDIS_URL's password, user or database), not a
                // network that may come back. Once per distinct answer, not at every check.
                LOG.warning(() -> "Redis at " + description + " refused the connection: " + refused
                        + "; check REDIS_URL (password, user, database). Caches serve degraded meanwhile");
            }
            refusal = refused;
            LOG.log(Level.FINE, "Redis at " + description + " not reachable yet", e);
        }
    }

    /** @return Redis's own error answer in a failed connect's causes (its first line), or null if none */
    static String refusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RedisCommandExecutionException && t.getMessage() != null) {
                return t.getMessage().lines().findFirst().orElse("");
            }
        }
        return null;
    }

    /** @return Redis's answer to the last failed connect when it refused one (see {@link #refusal(Throwable)}) */
    String lastRefusal() {
        return refusal;
    }

    /**
     * Stops sending, lets the stores already sent land (each ends within the command timeout: waiting is bounded),
     * then closes the connection.
     */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdown();
        flushStores();
        if (!awaitSent(drainTimeout)) {
            LOG.fine(() -> "closing the Redis connection with " + (MAX_IN_FLIGHT - inFlight.availablePermits())
                    + " stores unanswered");
        }
        RedisConnector.Connection c = connection;
        if (c != null) {
            c.connection().close();
        }
        RedisConnector.Connection buffered = stores;
        if (buffered != null) {
            buffered.connection().close();
        }
    }
}
