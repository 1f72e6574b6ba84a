package io.celeris.bootstrap.logging;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;

/**
 * Everything one asynchronous handler is built from, parsed once (see {@link LoggingSettings}).
 *
 * @param name      the handler's name: its writer thread's and its meters' {@code handler} tag
 * @param async     queue and writer settings
 * @param level     the handler's level
 * @param filter    class name of a {@link java.util.logging.Filter}, if any
 * @param delegate  class name of the handler doing the I/O (a no-argument constructor), unless {@code file} is set
 * @param formatter class name of the formatter given to the delegate
 * @param encoding  the delegate's encoding, if set
 * @param file      write to this file instead of the delegate class
 * @param problems  invalid values met while reading (each replaced by its default), reported by the handler
 */
public record HandlerSettings(String name, AsyncSettings async, Level level, Optional<String> filter,
                             String delegate, String formatter, Optional<String> encoding,
                             Optional<FileSettings> file, List<String> problems) {

    /** Every key a handler reads, as logging.properties spells them. */
    public static final List<String> KEYS = List.of("capacity", "overflow", "blockTimeout", "neverDropLevel",
            "batchSize", "closeTimeout", "mdcKeys", "captureSource", "linger", "level", "filter", "delegate",
            "formatter", "encoding", "file", "fileLimit", "fileCount", "fileAppend");

    public HandlerSettings {
        Require.nonNull("name async level filter delegate formatter encoding file", name, async, level, filter,
                delegate, formatter, encoding, file);
        problems = List.copyOf(problems);
    }

    /**
     * Reads one handler's keys from its sources, the first that has a non-blank value winning (a blank
     * {@code mdcKeys} means none; other blank values are ignored).
     *
     * @param defaults what an absent key is
     * @param sources  key to value, or null, in order of precedence
     * @return the settings
     */
    @SafeVarargs
    static HandlerSettings read(HandlerSettings defaults, Function<String, String>... sources) {
        var merged = new LinkedHashMap<String, String>();
        for (String key : KEYS) {
            for (Function<String, String> source : sources) {
                String value = source.apply(key);
                if (value != null && (!value.isBlank() || key.equals("mdcKeys"))) {
                    merged.put(key, value.strip());
                    break;
                }
            }
        }
        return from(Config.just(ConfigSources.create(merged)), defaults);
    }

    private static HandlerSettings from(Config node, HandlerSettings defaults) {
        var problems = new ArrayList<String>();
        var read = new AsyncSettings.Reader(node, problems::add);
        Optional<FileSettings> file = node.get("file").asString().asOptional().map(pattern -> new FileSettings(
                pattern,
                read.value("fileLimit", 0L, c -> notNegative(c.asLong().get())),
                read.value("fileCount", 1, c -> Math.max(1, (int) notNegative(c.asInt().get()))),
                read.value("fileAppend", true, c -> c.asBoolean().get())));
        return new HandlerSettings(defaults.name(),
                AsyncSettings.from(node, defaults.async(), problems::add),
                read.value("level", defaults.level(), c -> Level.parse(c.asString().get().toUpperCase(Locale.ROOT))),
                node.get("filter").asString().asOptional().or(defaults::filter),
                node.get("delegate").asString().orElse(defaults.delegate()),
                node.get("formatter").asString().orElse(defaults.formatter()),
                node.get("encoding").asString().asOptional().or(defaults::encoding),
                file.or(defaults::file),
                problems);
    }

    private static long notNegative(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return n;
    }

    /**
     * @param async other queue settings
     * @return these settings with other queue settings
     */
    public HandlerSettings withAsync(AsyncSettings async) {
        return new HandlerSettings(name, async, level, filter, delegate, formatter, encoding, file, problems);
    }
}
