package io.celeris.bootstrap.logging;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The door of the logging package: the service configures logging here once, and reads what the handlers did.
 *
 * <p>JUL builds the handlers that logging.properties names by class name ({@link AsyncHandler},
 * {@link AsyncAccessLogHandler}), lazily; their settings do not come from that file alone but from the
 * {@link LoggingSettings} parsed once by {@link #configure(Config)}. A JVM that never calls it (a tool, a test)
 * gets the settings of its system properties and logging.properties.
 */
public final class Logging {

    private static Config pending;
    private static LoggingSettings settings;

    private Logging() {
    }

    /**
     * Reads logging.properties (Helidon's {@link LogConfig#configureRuntime()}), then the handlers' settings, once.
     * Call it before anything logs, after {@link ShutdownSafeLogging#install()}.
     *
     * @param config the service's config ({@code celeris.logging.*})
     * @return the settings the handlers are built with
     */
    public static LoggingSettings configure(Config config) {
        synchronized (Logging.class) {
            pending = config;
            settings = null;
        }
        LogConfig.configureRuntime();
        return settings();
    }

    /**
     * @return the settings configured, parsed at the first call after {@link #configure(Config)}; without it,
     *         those of the system properties and logging.properties now
     */
    static synchronized LoggingSettings settings() {
        if (settings != null) {
            return settings;
        }
        if (pending == null) {
            return LoggingSettings.read(Config.empty());
        }
        // Parsed on first use rather than in configure: JUL builds handlers only after it has read
        // logging.properties, which configure asks Helidon to do.
        settings = LoggingSettings.read(pending);
        return settings;
    }

    /**
     * @return the names of the service's handlers, which always have meters, and of any other open handler
     */
    public static List<String> handlerNames() {
        var names = new LinkedHashSet<String>();
        names.add(LoggingSettings.APPLICATION_DEFAULTS.name());
        names.add(LoggingSettings.ACCESS_DEFAULTS.name());
        AsyncHandler.open().forEach(h -> names.add(h.name()));
        return List.copyOf(names);
    }

    /**
     * @param name a handler's name
     * @return the counters of the open handlers of that name added up (JUL may have replaced one with another),
     *         or empty when none is open (yet: the access log's is built with its logger)
     */
    public static Optional<AsyncStats> stats(String name) {
        return AsyncHandler.open().stream().filter(h -> h.name().equals(name)).map(AsyncHandler::stats)
                .reduce(AsyncStats::plus);
    }

    /**
     * Closes every open handler, each within its close timeout: what they hold is written. See
     * {@link ShutdownSafeLogging#addShutdownHook(String, Runnable)}, which calls it.
     */
    public static void closeAll() {
        AsyncHandler.closeAll();
    }

    /**
     * Waits, at most {@code timeout}, until the handlers' reports queued so far have reached stderr (they are printed
     * by a thread of their own, so that a stderr nobody reads blocks no one).
     *
     * @param timeout the longest wait
     * @return whether they have
     */
    public static boolean awaitStderrReports(java.time.Duration timeout) {
        return StderrReports.awaitPrinted(timeout);
    }
}
