package io.celeris.bootstrap.logging;

import io.helidon.logging.common.HelidonMdc;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * What the caller thread copies out of a {@link LogRecord} before it enqueues: everything a formatter may
 * read later, frozen. Cheap on purpose (no LogRecord is built here: its constructor takes a global sequence
 * number and reads the clock, both wasted on a copy); the writer turns it into a {@link CapturedRecord}.
 * {@code threadName} is null for an unnamed thread whose id is {@code threadId}: its name is then {@code #threadId}.
 */
record Snapshot(Level level, String loggerName, String message, Instant instant, long sequence, long threadId,
                String threadName, Throwable thrown, ResourceBundle bundle, String bundleName, Object[] parameters,
                String sourceClass, String sourceMethod, List<String> mdcKeys, String[] mdcValues) {

    /** Values that cannot change after logging, kept as they are so MessageFormat can still format numbers. */
    private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
            Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigInteger.class,
            BigDecimal.class, UUID.class, Instant.class, LocalDate.class, LocalDateTime.class, OffsetDateTime.class,
            ZonedDateTime.class);

    private static final String[] NO_MDC = new String[0];

    static Snapshot of(LogRecord r, AsyncSettings settings) {
        String name;
        if (r instanceof CapturedRecord captured) {
            name = captured.threadName(); // already captured by an AsyncHandler in front of this one
        } else {
            Thread t = Thread.currentThread();
            name = t.getName();
            if (name.isEmpty()) {
                // Unnamed, as virtual threads are: "#id", made by the writer if it needs it (the record's thread id is
                // this thread's, as it is when the record was made here); a string per record saved.
                name = t.threadId() == r.getLongThreadID() ? null : "#" + t.threadId();
            }
        }
        String source = null;
        String method = null;
        if (settings.captureSource()) {
            // Walks the stack of the caller: the only thread where it means anything.
            source = r.getSourceClassName();
            method = r.getSourceMethodName();
        }
        return new Snapshot(r.getLevel(), r.getLoggerName(), r.getMessage(), r.getInstant(), r.getSequenceNumber(),
                r.getLongThreadID(), name, r.getThrown(),
                r.getResourceBundle(), r.getResourceBundleName(), freeze(r.getParameters()), source, method,
                settings.mdcKeys(), mdc(settings.mdcKeys()));
    }

    /** @return whether the message is the whole line: no parameters, exception or resource bundle */
    boolean isPlainLine() {
        return message != null && thrown == null && bundle == null && (parameters == null || parameters.length == 0);
    }

    /**
     * Turns every parameter that could still change into its text now, so that a caller mutating an argument
     * after logging cannot change the line.
     */
    static Object[] freeze(Object[] parameters) {
        if (parameters == null || parameters.length == 0) {
            return parameters;
        }
        var copy = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            Object p = parameters[i];
            copy[i] = p == null || IMMUTABLE.contains(p.getClass()) ? p : text(p);
        }
        return copy;
    }

    private static String text(Object p) {
        try {
            return String.valueOf(p);
        } catch (RuntimeException e) {
            // A broken toString must not break the caller, nor lose the record.
            return "[" + p.getClass().getName() + ".toString() threw " + e + "]";
        }
    }

    private static String[] mdc(List<String> keys) {
        if (keys.isEmpty()) {
            return NO_MDC;
        }
        var values = new String[keys.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = HelidonMdc.get(keys.get(i)).orElse(null);
            } catch (RuntimeException e) {
                // HelidonMdc may hold a deferred supplier; one that fails leaves the value out.
                values[i] = null;
            }
        }
        return values;
    }
}
