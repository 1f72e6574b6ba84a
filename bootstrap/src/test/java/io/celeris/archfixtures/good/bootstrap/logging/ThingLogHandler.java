package io.celeris.archfixtures.good.bootstrap.logging;

import io.helidon.config.Config;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** Logging as infrastructure: the JDK, Helidon, and nothing else of ours. */
public final class ThingLogHandler extends Handler {

    private final int capacity;

    public ThingLogHandler(Config config) {
        this.capacity = config.get("capacity").asInt().orElse(8);
    }

    @Override
    public void publish(LogRecord record) {
        System.out.println(capacity + " " + record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
