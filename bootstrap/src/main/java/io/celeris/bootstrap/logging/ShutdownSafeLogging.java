package io.celeris.bootstrap.logging;

import java.util.logging.LogManager;

/**
 * Selects {@link ShutdownSafeLogManager} from code. A class of its own, and no subclass of anything in
 * java.util.logging: calling a static method of the LogManager subclass itself would initialise
 * {@link LogManager} (its superclass) before the system property naming it is set.
 */
public final class ShutdownSafeLogging {

    private ShutdownSafeLogging() {
    }

    /**
     * Selects {@link ShutdownSafeLogManager}, if nothing has initialised logging yet: call it first in
     * {@code main}, and call {@link AsyncHandler#closeAll()} at the end of the shutdown hook.
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
