package io.celeris.bootstrap;

import io.celeris.bootstrap.logging.AsyncAccessLogHandler;
import io.celeris.bootstrap.logging.AsyncHandler;
import io.helidon.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The asynchronous log handlers' settings from Helidon config (application.yaml, environment variables), as
 * well as from logging.properties: {@code celeris.logging.handler.<key>} for the application log's
 * {@link AsyncHandler}, {@code celeris.logging.access-handler.<key>} for the access log's
 * {@link AsyncAccessLogHandler}, with the keys of logging.properties ({@code capacity}, {@code overflow},
 * {@code blockTimeout}, …; case and dashes do not matter, so {@code block-timeout} works too). The files have
 * environment variables of their own: {@code CELERIS_LOG_FILE}, {@code CELERIS_ACCESS_LOG_FILE}.
 *
 * <p>JUL builds the handlers from logging.properties when logging is configured, reading a system property of
 * the same name first; so before that, each configured key becomes that system property, unless one is set
 * already ({@code -D} wins over config, config over logging.properties).
 */
final class LoggingConfig {

    static final List<String> KEYS = List.of("capacity", "overflow", "blockTimeout", "neverDropLevel", "batchSize",
            "closeTimeout", "mdcKeys", "captureSource", "linger", "level", "filter", "delegate", "formatter", "encoding",
            "file", "fileLimit", "fileCount", "fileAppend");

    private LoggingConfig() {
    }

    /**
     * Sets the system properties the handlers read (call before logging is configured).
     *
     * @param config the service's config
     */
    static void apply(Config config) {
        Properties system = System.getProperties();
        properties(config, system).forEach(System::setProperty);
    }

    /**
     * @param config the service's config
     * @param system the system properties now
     * @return the system properties to set: each configured key not already set
     */
    static Map<String, String> properties(Config config, Properties system) {
        var out = new LinkedHashMap<String, String>();
        collect(config.get("celeris.logging.handler"), AsyncHandler.class.getName(), system, out);
        collect(config.get("celeris.logging.access-handler"), AsyncAccessLogHandler.class.getName(), system, out);
        return out;
    }

    private static void collect(Config node, String prefix, Properties system, Map<String, String> out) {
        if (!node.exists()) {
            return;
        }
        for (Config child : node.asNodeList().orElse(List.of())) {
            String key = canonical(child.name());
            var value = child.asString().asOptional();
            if (key == null || value.isEmpty() || value.get().isBlank()) {
                continue;
            }
            String name = prefix + "." + key;
            if (system.getProperty(name) == null) {
                out.put(name, value.get());
            }
        }
    }

    /** {@code block-timeout}, {@code blocktimeout}, {@code BlockTimeout} → {@code blockTimeout}; unknown: null. */
    private static String canonical(String name) {
        String folded = name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        return KEYS.stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(folded)).findFirst().orElse(null);
    }
}
