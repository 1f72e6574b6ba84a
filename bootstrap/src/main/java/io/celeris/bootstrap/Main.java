package io.celeris.bootstrap;

import io.celeris.bootstrap.logging.Logging;
import io.celeris.bootstrap.logging.ShutdownSafeLogging;
import io.helidon.config.Config;
import java.util.Map;

/** Starts Celeris and prints where it listens. */
public final class Main {

    private Main() {
    }

    /**
     * @param args ignored; configure with application.yaml, environment variables or -D properties
     */
    public static void main(String[] args) {
        // Before anything logs: the JDK's logging shutdown then waits for the hook below to close the logs.
        ShutdownSafeLogging.install();
        Config config = Settings.load(System.getenv(), Map.of());
        // logging.properties, and the log handlers' settings, read once (celeris.logging.* may set them too).
        Logging.configure(config);
        Settings.unknownVariables(System.getenv()).forEach(name -> java.util.logging.Logger.getLogger(
                Main.class.getName()).warning(name + " is not a setting of this service (a typo? see the README's"
                + " configuration table): ignored"));
        long t0 = System.nanoTime();
        Celeris app;
        try {
            app = Celeris.start(config);
        } catch (RuntimeException e) {
            System.err.println("Celeris did not start: " + Settings.explain(e));
            System.exit(1);
            return;
        }
        // Order matters: stop taking requests and finish those in flight, close the cache clients and the
        // pool, then write what the logs still hold and close them. SIGTERM and SIGINT end in an orderly
        // exit with status 0.
        ShutdownSafeLogging.addShutdownHook("celeris-shutdown", app::close);
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
        }
        System.out.printf("Celeris is up in %d ms: http://localhost:%d/users%n",
                (System.nanoTime() - t0) / 1_000_000, app.port());
    }
}
