package io.celeris.bootstrap.logging;

import io.helidon.logging.jul.HelidonConsoleHandler;
import java.io.IOException;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;

/**
 * Builds the delegate of a handler from its {@link HandlerSettings}: a {@link BatchingFileHandler} when a file is
 * set, else an instance of the delegate class; then its formatter and encoding. JUL gives a handler no way to
 * fail politely (an exception from its constructor leaves the logger without it), so what cannot be built is
 * listed in {@code problems} and replaced: a delegate by the console, so that the records still go somewhere.
 */
final class Delegates {

    private Delegates() {
    }

    static Handler build(HandlerSettings settings, List<String> problems) {
        Handler delegate = settings.file().map(file -> file(file, problems)).orElseGet(() -> {
            Handler h = instance(settings.delegate(), Handler.class, problems);
            return h != null ? h : new HelidonConsoleHandler();
        });
        Formatter formatter = instance(settings.formatter(), Formatter.class, problems);
        if (formatter != null) {
            delegate.setFormatter(formatter);
        }
        settings.encoding().ifPresent(encoding -> {
            try {
                delegate.setEncoding(encoding);
            } catch (IOException | RuntimeException e) {
                problems.add("invalid encoding '" + encoding + "'");
            }
        });
        return delegate;
    }

    private static Handler file(FileSettings file, List<String> problems) {
        try {
            return new BatchingFileHandler(file);
        } catch (IOException | RuntimeException e) {
            problems.add("cannot open log file '" + file.pattern() + "' (" + e + "); writing to the console instead");
            return new HelidonConsoleHandler();
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
                c = Class.forName(className, true, context != null ? context : Delegates.class.getClassLoader());
            }
            return type.cast(c.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            problems.add("cannot create " + type.getSimpleName() + " " + className + " (" + e + ")");
            return null;
        }
    }
}
