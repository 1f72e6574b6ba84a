package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * HikariCP's warnings (leak reports, broken connections) reach the service's log: SLF4J, which HikariCP
 * logs through, is bound to JUL on the service's class path, and logging.properties lets them through.
 */
class HikariLoggingTest {

    @Test
    void hikariWarningsGoThroughSlf4jToJul() {
        Logger jul = Logger.getLogger("com.zaxxer.hikari");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler collector = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(collector);
        try {
            org.slf4j.LoggerFactory.getLogger("com.zaxxer.hikari.pool.ProxyLeakTask")
                    .warn("Connection leak detection triggered for {} (HikariLoggingTest)", "conn0");
        } finally {
            jul.removeHandler(collector);
        }
        assertThat(records).as("the SLF4J warning as a JUL record")
                .anyMatch(r -> r.getLevel() == Level.WARNING && r.getMessage().contains("conn0 (HikariLoggingTest)"));
    }

    @Test
    void theServiceLoggingConfigurationKeepsHikariWarnings() throws Exception {
        var props = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/logging.properties")) {
            assertThat(in).as("bootstrap's logging.properties").isNotNull();
            props.load(in);
        }
        Level hikari = Level.parse(props.getProperty("com.zaxxer.hikari.level", props.getProperty(".level", "INFO")));
        assertThat(hikari.intValue()).as("com.zaxxer.hikari.level lets WARNING through")
                .isLessThanOrEqualTo(Level.WARNING.intValue());
        assertThat(props.getProperty("handlers")).as("a handler writes the log").isNotBlank();
    }
}
