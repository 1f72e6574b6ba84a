package io.celeris.bootstrap.logging;

/**
 * The {@link AsyncHandler} of the access log (logger {@code io.celeris.access}), a class of its own because JUL
 * configures handlers by class name: its settings are the access log's of {@link LoggingSettings} (see
 * {@link LoggingSettings#ACCESS_DEFAULTS} for how they differ), its writer thread is
 * {@code celeris-async-access-log}. Note that with {@code overflow=drop} the writer's "N log records dropped"
 * line goes to the same place as the access lines, and is not JSON.
 */
public final class AsyncAccessLogHandler extends AsyncHandler {

    /** Configured from {@link Logging#settings()}. */
    public AsyncAccessLogHandler() {
        super(Logging.settings().access());
    }
}
