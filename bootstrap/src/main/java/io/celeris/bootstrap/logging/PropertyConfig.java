package io.celeris.bootstrap.logging;

import io.helidon.logging.jul.HelidonConsoleHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.logging.FileHandler;
import java.util.logging.Filter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;

/**
 * An {@link AsyncHandler} as logging.properties describes it, under a prefix (the handler's class name). A
 * system property of the same name wins over the file, so one setting can change without a new file
 * ({@code -Dio.celeris.bootstrap.logging.AsyncAccessLogHandler.file=/var/log/celeris/access.log}).
 *
 * <p>JUL gives a handler no way to fail politely: an exception from its constructor leaves the logger without
 * it. So an invalid value falls back to its default and is listed in {@link #problems()}, and a delegate that
 * cannot be built (a file that cannot be opened) falls back to the console: the records still go somewhere.
 */
record PropertyConfig(AsyncSettings settings, Handler delegate, Level level, Filter filter, List<String> problems) {

    static PropertyConfig read(String prefix, AsyncSettings defaults, String defaultDelegate,
                               String defaultFormatter) {
        return read(key -> property(prefix + "." + key), defaults, defaultDelegate, defaultFormatter);
    }

    static PropertyConfig read(Function<String, String> property, AsyncSettings defaults, String defaultDelegate,
                               String defaultFormatter) {
        var problems = new ArrayList<String>();
        AsyncSettings settings = AsyncSettings.from(property, defaults, problems::add);

        Level level = Level.ALL;
        String levelText = property.apply("level");
        if (levelText != null && !levelText.isBlank()) {
            try {
                level = Level.parse(levelText.strip());
            } catch (IllegalArgumentException e) {
                problems.add("invalid level '" + levelText + "'; using ALL");
            }
        }
        Filter filter = nonBlank(property.apply("filter")) == null ? null
                : instance(property.apply("filter").strip(), Filter.class, problems);

        Handler delegate = delegate(property, defaultDelegate, problems);
        String formatterName = nonBlank(property.apply("formatter"));
        if (formatterName == null) {
            formatterName = defaultFormatter;
        }
        if (formatterName != null) {
            Formatter formatter = instance(formatterName.strip(), Formatter.class, problems);
            if (formatter != null) {
                delegate.setFormatter(formatter);
            }
        }
        String encoding = nonBlank(property.apply("encoding"));
        if (encoding != null) {
            try {
                delegate.setEncoding(encoding.strip());
            } catch (IOException | RuntimeException e) {
                problems.add("invalid encoding '" + encoding + "'");
            }
        }
        return new PropertyConfig(settings, delegate, level, filter, List.copyOf(problems));
    }

    private static Handler delegate(Function<String, String> property, String defaultDelegate,
                                    List<String> problems) {
        String file = nonBlank(property.apply("file"));
        if (file != null) {
            try {
                return file(file.strip(), property, problems);
            } catch (IOException | RuntimeException e) {
                problems.add("cannot open log file '" + file + "' (" + e + "); writing to the console instead");
                return new HelidonConsoleHandler();
            }
        }
        String name = nonBlank(property.apply("delegate"));
        Handler h = instance(name == null ? defaultDelegate : name.strip(), Handler.class, problems);
        return h != null ? h : new HelidonConsoleHandler();
    }

    private static Handler file(String pattern, Function<String, String> property, List<String> problems)
            throws IOException {
        long limit = number(property, "fileLimit", 0, problems);
        int count = (int) number(property, "fileCount", 1, problems);
        String append = nonBlank(property.apply("fileAppend"));
        if (!pattern.contains("%")) {
            Path parent = Path.of(pattern).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        }
        boolean appending = append == null || Boolean.parseBoolean(append.strip());
        if (limit == 0 && !pattern.contains("%")) {
            // One file, no rotation: write it in batches (see BatchingFileHandler).
            return new BatchingFileHandler(Path.of(pattern), appending);
        }
        var handler = new FileHandler(pattern, limit, Math.max(1, count), appending);
        handler.setLevel(Level.ALL);
        return handler;
    }

    private static long number(Function<String, String> property, String key, long fallback,
                               List<String> problems) {
        String v = nonBlank(property.apply(key));
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) {
                throw new NumberFormatException("negative");
            }
            return n;
        } catch (NumberFormatException e) {
            problems.add("invalid " + key + " '" + v + "'; using " + fallback);
            return fallback;
        }
    }

    /** Loads classes the way LogManager does: system class loader first, then the context class loader. */
    static <T> T instance(String className, Class<T> type, List<String> problems) {
        try {
            Class<?> c;
            try {
                c = ClassLoader.getSystemClassLoader().loadClass(className);
            } catch (ClassNotFoundException e) {
                ClassLoader context = Thread.currentThread().getContextClassLoader();
                c = Class.forName(className, true, context != null ? context : PropertyConfig.class.getClassLoader());
            }
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            problems.add("cannot create " + type.getSimpleName() + " " + className + " (" + e + ")");
            return null;
        }
    }

    static String property(String name) {
        String value = System.getProperty(name);
        return value != null ? value : LogManager.getLogManager().getProperty(name);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
