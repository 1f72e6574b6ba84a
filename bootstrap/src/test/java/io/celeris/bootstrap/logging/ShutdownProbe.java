package io.celeris.bootstrap.logging;

import java.nio.file.Path;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Logger;

/**
 * A tiny service for {@link ShutdownSafeLogManagerTest}, run in a JVM of its own: it logs, then exits; its
 * shutdown hook, like the real one stopping a web server, logs once more a little later and then closes the
 * async handlers.
 */
public final class ShutdownProbe {

    private ShutdownProbe() {
    }

    /**
     * @param args the log file; {@code install} to call {@link ShutdownSafeLogging#install()} first;
     *             {@code nohook} to exit without a shutdown hook, as a service that failed to start
     * @throws Exception if the file cannot be opened
     */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args).subList(1, args.length);
        if (options.contains("install") && !ShutdownSafeLogging.install()) {
            throw new IllegalStateException("install() came too late");
        }
        var file = new FileHandler(Path.of(args[0]).toString());
        file.setFormatter(new MessageOnlyFormatter());
        var handler = new AsyncHandler(AsyncSettings.DEFAULTS, file);
        Logger logger = Logger.getLogger("probe");
        logger.setUseParentHandlers(false);
        logger.addHandler(handler);
        logger.info("before shutdown");
        if (!options.contains("nohook")) {
            ShutdownSafeLogging.addShutdownHook("probe-shutdown", () -> {
                try {
                    Thread.sleep(300); // the web server finishing its last requests
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                logger.info("during shutdown");
            });
        }
        System.exit(0);
    }
}
