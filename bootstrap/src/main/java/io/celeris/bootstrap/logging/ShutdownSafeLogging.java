package io.celeris.bootstrap.logging;

import java.util.logging.LogManager;

/**
 * The service's side of an orderly logging shutdown: {@link #install()} first thing in {@code main}, and
 * {@link #addShutdownHook(String, Runnable)} instead of {@code Runtime.addShutdownHook} once the server runs.
 * On SIGTERM the hook stops the server (its in-flight requests log their last lines), then closes every
 * {@link AsyncHandler}, which writes what is queued; meanwhile the JDK's own logging shutdown, which would
 * otherwise take the handlers off the loggers at once, waits for it (see {@link ShutdownSafeLogManager}).
 *
 * <p>A class of its own, and no subclass of anything in java.util.logging: calling a static method of the
 * LogManager subclass itself would initialise {@link LogManager} (its superclass) before the system property
 * naming it is set.
 */
public final class ShutdownSafeLogging {

    private static volatile boolean hookRegistered;

    private ShutdownSafeLogging() {
    }

    /**
     * Registers the shutdown hook of the service: {@code stop} first (stop the web server, close the pool),
     * then {@link AsyncHandler#closeAll()}, even if {@code stop} failed. From now on, the JDK's logging shutdown
     * waits (bounded) for this hook's {@code closeAll}; before, there is nothing to wait for (a service that
     * fails to start exits without delay).
     *
     * @param name name of the hook thread
     * @param stop what to stop before the logs are closed
     * @return the registered hook
     */
    public static Thread addShutdownHook(String name, Runnable stop) {
        var hook = new Thread(() -> {
            try {
                stop.run();
            } finally {
                AsyncHandler.closeAll();
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
        hookRegistered = true;
        return hook;
    }

    /**
     * @return whether {@link #addShutdownHook} was called: the JDK's logging shutdown has someone to wait for
     */
    static boolean hookRegistered() {
        return hookRegistered;
    }

    /**
     * Selects {@link ShutdownSafeLogManager}, if nothing has initialised logging yet: call it first in
     * {@code main}.
     *
     * @return whether the LogManager in use is a ShutdownSafeLogManager (false if something touched logging
     *         before, in which case the JDK's is in use and keeps its usual shutdown)
     */
    public static boolean install() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
        return LogManager.getLogManager() instanceof ShutdownSafeLogManager;
    }
}
