package io.celeris.bootstrap;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import java.util.Map;

/** Starts Celeris and prints where it listens. */
public final class Main {

    private Main() {
    }

    /**
     * @param args ignored; configure with application.yaml, environment variables or -D properties
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Config config = Settings.load(System.getenv(), Map.of());
        long t0 = System.nanoTime();
        Celeris app;
        try {
            app = Celeris.start(config);
        } catch (RuntimeException e) {
            System.err.println("Celeris did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // Order matters: stop taking requests and finish those in flight, then flush logs, close the
        // cache clients and the pool. SIGTERM and SIGINT end in an orderly exit with status 0.
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "celeris-shutdown"));
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
        }
        System.out.printf("Celeris is up in %d ms: http://localhost:%d/users%n",
                (System.nanoTime() - t0) / 1_000_000, app.port());
    }
}
