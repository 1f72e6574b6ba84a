package io.celeris.bootstrap.logging;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * How an {@link AsyncHandler} queues and writes. Build one from {@link #DEFAULTS} with the withers, or
 * read one from any key/value source with {@link #from(Function, AsyncSettings, Consumer)} (logging.properties
 * does, and so can Helidon config).
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

    /**
     * 8192 records, block up to 10 ms then drop, WARNING and above never dropped, batches of 512, 5 s to
     * drain at close, the request id captured, no source, a linger of 1 ms.
     */
    public static final AsyncSettings DEFAULTS = new AsyncSettings(8192, Overflow.BLOCK_THEN_DROP,
            Duration.ofMillis(10), Level.WARNING, 512, Duration.ofSeconds(5), List.of(REQUEST_ID), false,
            Duration.ofMillis(1));

    public AsyncSettings {
        Objects.requireNonNull(overflow, "overflow");
        Objects.requireNonNull(blockTimeout, "blockTimeout");
        Objects.requireNonNull(neverDropLevel, "neverDropLevel");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(linger, "linger");
        mdcKeys = List.copyOf(mdcKeys);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, not " + capacity);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, not " + batchSize);
        }
        if (blockTimeout.isNegative() || closeTimeout.isNegative() || linger.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
    }

    public AsyncSettings withCapacity(int capacity) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withOverflow(Overflow overflow) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withBlockTimeout(Duration blockTimeout) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withNeverDropLevel(Level neverDropLevel) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withBatchSize(int batchSize) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withCloseTimeout(Duration closeTimeout) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withMdcKeys(List<String> mdcKeys) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withCaptureSource(boolean captureSource) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    public AsyncSettings withLinger(Duration linger) {
        return new AsyncSettings(capacity, overflow, blockTimeout, neverDropLevel, batchSize, closeTimeout, mdcKeys,
                captureSource, linger);
    }

    /**
     * Reads settings from a key/value source. Keys: {@code capacity}, {@code overflow}
     * ({@code block|drop|block-then-drop}), {@code blockTimeout}, {@code neverDropLevel}, {@code batchSize},
     * {@code closeTimeout}, {@code mdcKeys} (comma-separated; empty for none), {@code captureSource},
     * {@code linger}. Durations
     * are {@code 10ms}, {@code 5s}, {@code 1m}, a bare number of milliseconds, or ISO-8601 ({@code PT5S}).
     * An absent key keeps the default; an invalid value keeps the default and is reported to {@code problems}
     * (a handler must not fail to start because of a typo in logging.properties).
     *
     * @param property the value of a key, or null when absent
     * @param defaults values of absent keys
     * @param problems told about each invalid value
     * @return the settings
     */
    public static AsyncSettings from(Function<String, String> property, AsyncSettings defaults,
                                     Consumer<String> problems) {
        var reader = new Reader(property, problems);
        return new AsyncSettings(
                reader.read("capacity", defaults.capacity(), AsyncSettings::parsePositive),
                reader.read("overflow", defaults.overflow(), Overflow::parse),
                reader.read("blockTimeout", defaults.blockTimeout(), AsyncSettings::parseDuration),
                reader.read("neverDropLevel", defaults.neverDropLevel(), v -> Level.parse(v.strip())),
                reader.read("batchSize", defaults.batchSize(), AsyncSettings::parsePositive),
                reader.read("closeTimeout", defaults.closeTimeout(), AsyncSettings::parseDuration),
                reader.read("mdcKeys", defaults.mdcKeys(), AsyncSettings::parseList),
                reader.read("captureSource", defaults.captureSource(), AsyncSettings::parseBoolean),
                reader.read("linger", defaults.linger(), AsyncSettings::parseDuration));
    }

    private static int parsePositive(String text) {
        int n = Integer.parseInt(text.strip());
        if (n < 1) {
            throw new IllegalArgumentException("must be >= 1");
        }
        return n;
    }

    static Duration parseDuration(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        if (t.startsWith("p")) {
            d = Duration.parse(t.toUpperCase(Locale.ROOT));
        } else if (t.endsWith("ms")) {
            d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).strip()));
        } else if (t.endsWith("s")) {
            d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).strip()));
        } else if (t.endsWith("m")) {
            d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).strip()));
        } else {
            d = Duration.ofMillis(Long.parseLong(t));
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return d;
    }

    private static List<String> parseList(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static boolean parseBoolean(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }

    private record Reader(Function<String, String> property, Consumer<String> problems) {

        <T> T read(String key, T fallback, Function<String, T> parse) {
            String value = property.apply(key);
            if (value == null || value.isBlank() && !key.equals("mdcKeys")) {
                return fallback;
            }
            try {
                return parse.apply(value);
            } catch (RuntimeException e) {
                problems.accept("invalid " + key + " '" + value + "' (" + e.getMessage() + "); using " + fallback);
                return fallback;
            }
        }
    }
}
