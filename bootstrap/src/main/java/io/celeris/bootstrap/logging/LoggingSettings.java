package io.celeris.bootstrap.logging;

import io.helidon.config.Config;
import io.helidon.logging.jul.HelidonConsoleHandler;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * The settings of the service's two handlers, the application log's {@link AsyncHandler} and the access log's
 * {@link AsyncAccessLogHandler}, read in one place from three sources, the first that sets a key winning:
 * <ol>
 *   <li>a system property named after the handler's class and the key
 *       ({@code -Dio.celeris.bootstrap.logging.AsyncAccessLogHandler.file=/var/log/celeris/access.log});</li>
 *   <li>Helidon config: {@code celeris.logging.handler.<key>} (application log),
 *       {@code celeris.logging.access-handler.<key>} (access log), case and dashes ignored
 *       ({@code block-timeout} is {@code blockTimeout}); the files also by environment variable
 *       ({@code CELERIS_LOG_FILE}, {@code CELERIS_ACCESS_LOG_FILE});</li>
 *   <li>logging.properties, under the same names as the system properties.</li>
 * </ol>
 * The keys are {@link HandlerSettings#KEYS}; the values are read by Helidon config's mappers.
 *
 * @param application the application log's (root logger)
 * @param access      the access log's (logger {@code io.celeris.access})
 */
public record LoggingSettings(HandlerSettings application, HandlerSettings access) {

    /** Stdout, text lines, {@link AsyncSettings#DEFAULTS}. */
    public static final HandlerSettings APPLICATION_DEFAULTS = new HandlerSettings("celeris-async-log",
            AsyncSettings.DEFAULTS, Level.ALL, Optional.empty(), HelidonConsoleHandler.class.getName(),
            TextLineFormatter.class.getName(), Optional.empty(), Optional.empty(), List.of());

    /**
     * Stdout, the message alone (the HTTP filter builds the whole line), and {@link Overflow#BLOCK_THEN_DROP} with a
     * wait of up to a second: an access log is a record of every answered request, so under overload requests slow
     * down to the speed of the disk rather than lose lines; but a sink that takes nothing for a second (a reader of
     * stdout that stopped, a hung mount) costs lines, counted and announced, not the service (with {@code block} every
     * request thread parked for good after its answer, and the health endpoints with them). A linger of 10 ms: a line
     * a request makes is on its way 10 ms later at most, and the writer wakes (a timer and two context switches,
     * costly on a virtual machine) a hundred times a second, not a thousand.
     */
    public static final HandlerSettings ACCESS_DEFAULTS = new HandlerSettings("celeris-async-access-log",
            AsyncSettings.of("overflow", "block-then-drop", "blockTimeout", "PT1S", "linger", "PT0.01S"), Level.ALL,
            Optional.empty(), BatchingConsoleHandler.class.getName(),
            MessageOnlyFormatter.class.getName(), Optional.empty(), Optional.empty(), List.of());

    static final String APPLICATION_PREFIX = AsyncHandler.class.getName() + ".";
    static final String ACCESS_PREFIX = AsyncAccessLogHandler.class.getName() + ".";

    public LoggingSettings {
        Require.nonNull("application access", application, access);
    }

    /**
     * @param config the service's config
     * @return the settings from system properties, that config and the LogManager's properties
     */
    public static LoggingSettings read(Config config) {
        LogManager manager = LogManager.getLogManager();
        return read(config, System::getProperty, manager::getProperty);
    }

    /**
     * @param config the service's config
     * @param system system properties by name
     * @param file   logging.properties by name
     * @return the settings
     */
    static LoggingSettings read(Config config, Function<String, String> system, Function<String, String> file) {
        return new LoggingSettings(
                handler(APPLICATION_DEFAULTS, APPLICATION_PREFIX, config.get("celeris.logging.handler"), system, file),
                handler(ACCESS_DEFAULTS, ACCESS_PREFIX, config.get("celeris.logging.access-handler"), system, file));
    }

    private static HandlerSettings handler(HandlerSettings defaults, String prefix, Config node,
                                           Function<String, String> system, Function<String, String> file) {
        return HandlerSettings.read(defaults, key -> system.apply(prefix + key), key -> configured(node, key),
                key -> file.apply(prefix + key));
    }

    /** The value of {@code key} under the node, its name spelled in any case, with or without dashes. */
    private static String configured(Config node, String key) {
        for (Config child : node.asNodeList().orElse(List.of())) {
            String folded = child.name().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
            if (folded.equals(key.toLowerCase(Locale.ROOT))) {
                return child.asString().orElse(null);
            }
        }
        return null;
    }
}
