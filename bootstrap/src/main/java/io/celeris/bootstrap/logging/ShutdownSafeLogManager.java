package io.celeris.bootstrap.logging;

import java.time.Duration;
import java.util.logging.LogManager;

/**
 * A {@link LogManager} whose shutdown waits for the service's.
 *
 * <p>The JDK's LogManager registers a shutdown hook that {@link LogManager#reset() resets} logging: it removes
 * every handler from every logger and closes it. Shutdown hooks run concurrently, so on SIGTERM that reset races
 * the service's own hook, which is still stopping the web server: the access-log line of a request finishing in
 * that window would be logged to a logger without handlers, and lost. With this manager the reset, when it runs
 * during JVM shutdown and the service registered its hook with
 * {@link ShutdownSafeLogging#addShutdownHook(String, Runnable)}, first waits until that hook's
 * {@link AsyncHandler#closeAll()} has completed (after the server has stopped), at most
 * {@code io.celeris.bootstrap.logging.ShutdownSafeLogManager.shutdownTimeout} (logging.properties or system
 * property, ISO-8601; default {@code PT30S}), then resets as usual. Otherwise (no hook registered, or a {@code readConfiguration})
 * reset is the JDK's.
 *
 * <p>Select it before anything touches logging, with
 * {@code -Djava.util.logging.manager=io.celeris.bootstrap.logging.ShutdownSafeLogManager} or
 * {@link ShutdownSafeLogging#install()} as the first statement of {@code main}.
 */
public class ShutdownSafeLogManager extends LogManager {

    static final String TIMEOUT_PROPERTY = ShutdownSafeLogManager.class.getName() + ".shutdownTimeout";
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Called by {@link LogManager} when the {@code java.util.logging.manager} system property names this class. */
    public ShutdownSafeLogManager() {
        super();
    }

    @Override
    public void reset() {
        if (ShutdownSafeLogging.hookRegistered() && shuttingDown()) {
            AsyncHandler.awaitCloseAll(timeout());
        }
        super.reset();
    }

    private Duration timeout() {
        String value = System.getProperty(TIMEOUT_PROPERTY);
        if (value == null) {
            value = getProperty(TIMEOUT_PROPERTY);
        }
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Duration.parse(value.strip());
        } catch (RuntimeException e) {
            return DEFAULT_TIMEOUT;
        }
    }

    /** The JVM refuses new shutdown hooks once shutdown has begun: the one portable way to ask. */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
