package io.celeris.bootstrap.logging;

/**
 * The {@link AsyncHandler} of the access log (logger {@code io.celeris.access}), a class of its own because JUL
 * configures handlers by class name: its settings are the access log's of {@link LoggingSettings} (see
 * {@link LoggingSettings#ACCESS_DEFAULTS} for how they differ), its writer thread is
 * {@code celeris-async-access-log}. Its drops are announced in the application log ("N log records dropped by
 * celeris-async-access-log"), not among its lines, which are built by the requests (text or JSON).
 */
public final class AsyncAccessLogHandler extends AsyncHandler {

    /** Configured from {@link Logging#settings()}. */
    public AsyncAccessLogHandler() {
        super(Logging.settings().access());
    }
}
