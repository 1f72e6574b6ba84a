package io.celeris.bootstrap.logging;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * How an {@link AsyncHandler} queues and writes. Read from Helidon config with
 * {@link #from(Config, AsyncSettings, Consumer)} (what {@link LoggingSettings} does for the service's two
 * handlers), or in code with {@link #of(String...)}, which reads the same keys the same way.
 *
 * @param capacity       bound of the queue, in records
 * @param overflow       what a caller does when the queue is full
 * @param blockTimeout   longest wait for room under {@link Overflow#BLOCK_THEN_DROP}
 * @param neverDropLevel records at or above this level are never dropped: when the queue is full they wait
 *                       for room whatever the overflow policy ({@link Level#OFF} makes every level droppable)
 * @param batchSize      most records the writer takes at once; the delegate is flushed once per batch
 * @param closeTimeout   bound on draining the queue at close, and on a {@link AsyncHandler#flush() flush}
 * @param mdcKeys        MDC keys captured on the caller and restored on the writer while the record is
 *                       published (Helidon's {@code HelidonMdc}, backed by JUL's {@code JulMdc})
 * @param captureSource  find the calling class and method on the caller thread (a stack walk, which costs
 *                       microseconds); when false the source is left empty and formatters print the logger
 * @param linger         while records keep coming, how long the writer waits before it looks at the queue
 *                       again, instead of being woken by each record: a record reaches the delegate at most
 *                       about this late, and the callers never pay for waking the writer. Once the queue has
 *                       stayed empty for a few lingers the writer sleeps until the next record wakes it.
 *                       Zero: every record wakes an idle writer at once (lowest delay, one wake-up per record)
 */
public record AsyncSettings(int capacity, Overflow overflow, Duration blockTimeout, Level neverDropLevel,
                            int batchSize, Duration closeTimeout, List<String> mdcKeys, boolean captureSource,
                            Duration linger) {

    /** The MDC key of the request id, set by the HTTP adapter for every request. */
    public static final String REQUEST_ID = "request_id";
    /** MDC key of the W3C trace id (32 hex digits) of the request's span, while tracing is on. */
    public static final String TRACE_ID = "trace_id";
    /** MDC key of the span id (16 hex digits) of the request's server span, while tracing is on. */
    public static final String SPAN_ID = "span_id";

    /**
     * 8192 records, block up to 10 ms then drop, WARNING and above never dropped, batches of 512, 5 s to
     * drain at close, the request id captured, no source, a linger of 1 ms.
     */
    public static final AsyncSettings DEFAULTS = new AsyncSettings(8192, Overflow.BLOCK_THEN_DROP,
            Duration.ofMillis(10), Level.WARNING, 512, Duration.ofSeconds(5), List.of(REQUEST_ID, TRACE_ID, SPAN_ID), false,
            Duration.ofMillis(1));

    /** The largest queue: 2^20 records (4 MiB of references, plus the records held). */
    public static final int MAX_CAPACITY = 1 << 20;

    public AsyncSettings {
        Require.nonNull("overflow blockTimeout neverDropLevel closeTimeout linger mdcKeys", overflow, blockTimeout,
                neverDropLevel, closeTimeout, linger, mdcKeys);
        mdcKeys = List.copyOf(mdcKeys);
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            // The queue's array is made at once: a capacity of 2^31 - 1 was an OutOfMemoryError at start.
            throw new IllegalArgumentException("capacity must be 1.." + MAX_CAPACITY + ", not " + capacity);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, not " + batchSize);
        }
        if (blockTimeout.isNegative() || closeTimeout.isNegative() || linger.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
    }

    /**
     * The defaults with some keys changed, e.g. {@code of("overflow", "block", "capacity", "1024")}.
     *
     * @param keyValues keys and values, alternating (the keys and spellings of {@link #from})
     * @return the settings
     * @throws IllegalArgumentException for an unknown key or an invalid value
     */
    public static AsyncSettings of(String... keyValues) {
        return DEFAULTS.with(keyValues);
    }

    /**
     * @param keyValues keys and values, alternating
     * @return these settings with the given keys changed
     * @throws IllegalArgumentException for an unknown key or an invalid value
     */
    public AsyncSettings with(String... keyValues) {
        var map = new HashMap<String, String>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            if (!HandlerSettings.KEYS.contains(keyValues[i])) {
                throw new IllegalArgumentException("unknown key " + keyValues[i]);
            }
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return from(Config.just(ConfigSources.create(map)), this, problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    /**
     * Reads settings from a config node. Keys: {@code capacity}, {@code overflow}
     * ({@code block|drop|block-then-drop}), {@code blockTimeout}, {@code neverDropLevel}, {@code batchSize},
     * {@code closeTimeout}, {@code mdcKeys} (comma-separated; empty for none), {@code captureSource},
     * {@code linger}. Durations are Helidon's, that is ISO-8601 ({@code PT0.01S}, {@code PT5S}). An absent key
     * keeps the default; an invalid value keeps the default and is reported to {@code problems} (a handler
     * must not fail to start because of a typo in a configuration file).
     *
     * @param node     the handler's keys
     * @param defaults values of absent keys
     * @param problems told about each invalid value
     * @return the settings
     */
    public static AsyncSettings from(Config node, AsyncSettings defaults, Consumer<String> problems) {
        var read = new Reader(node, problems);
        return new AsyncSettings(
                read.value("capacity", defaults.capacity(), c -> capacity(c.asInt().get())),
                read.value("overflow", defaults.overflow(), c -> Overflow.parse(c.asString().get())),
                read.value("blockTimeout", defaults.blockTimeout(), Reader::duration),
                read.value("neverDropLevel", defaults.neverDropLevel(), c -> Level.parse(c.asString().get().strip())),
                read.value("batchSize", defaults.batchSize(), c -> positive(c.asInt().get())),
                read.value("closeTimeout", defaults.closeTimeout(), Reader::duration),
                read.value("mdcKeys", defaults.mdcKeys(), c -> Arrays.stream(c.asString().get().split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList()),
                read.value("captureSource", defaults.captureSource(), c -> c.asBoolean().get()),
                read.value("linger", defaults.linger(), Reader::duration));
    }

    private static int capacity(int n) {
        if (n < 1 || n > MAX_CAPACITY) {
            throw new IllegalArgumentException("must be 1.." + MAX_CAPACITY);
        }
        return n;
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("must be >= 1");
        }
        return n;
    }

    /** Typed reads of a node's keys, each falling back to its default with a problem when invalid. */
    record Reader(Config node, Consumer<String> problems) {

        <T> T value(String key, T fallback, Function<Config, T> parse) {
            Config c = node.get(key);
            if (!c.exists()) {
                return fallback;
            }
            try {
                return parse.apply(c);
            } catch (RuntimeException e) {
                problems.accept("invalid " + key + " '" + c.asString().orElse("") + "' (" + e.getMessage()
                        + "); using " + fallback);
                return fallback;
            }
        }

        /** Helidon's duration mapping (ISO-8601), refusing negative ones. */
        static Duration duration(Config c) {
            Duration d = c.as(Duration.class).get();
            if (d.isNegative()) {
                throw new IllegalArgumentException("must not be negative");
            }
            return d;
        }
    }
}
