package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A connection held past {@code leak-detection-threshold} is reported by HikariCP, through SLF4J, as a
 * JUL warning on a {@code com.zaxxer.hikari} logger, with the stack of whoever took it; connections
 * given back in time are not reported.
 */
class LeakDetectionTest {

    private static final Duration THRESHOLD = DatabaseSettings.Pool.SHORTEST_LEAK_DETECTION;

    @Test
    void onlyAConnectionHeldPastTheThresholdIsReportedAsALeak() throws Exception {
        // A field-like strong reference: JUL keeps loggers weakly, and a collected one loses its handler.
        Logger hikariLog = Logger.getLogger("com.zaxxer.hikari");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        var collector = new LogCollector(records);
        hikariLog.addHandler(collector);
        String poolName = "leak-test-" + System.nanoTime();
        var d = TestDatabaseSettings.pool();
        var pool = new DatabaseSettings.Pool(poolName, 1, 2, d.connectionTimeout(), d.maxLifetime(),
                d.keepaliveTime(), d.idleTimeout(), THRESHOLD, d.validationTimeout());
        // The pool name is in the URL, so it is in the connection's description in the report.
        var settings = new DatabaseSettings("jdbc:h2:mem:" + poolName + ";DB_CLOSE_DELAY=-1", "sa", "", pool,
                TestDatabaseSettings.admission(pool));
        try (var hikari = new HikariConnectionPool(settings)) {
            for (int i = 0; i < 20; i++) {
                try (Connection c = hikari.connection()) {
                    assertThat(c.isValid(1)).isTrue();
                }
            }
            holdPastThreshold(hikari, () -> leakReports(records, poolName));

            List<LogRecord> leaks = leakReports(records, poolName);
            assertThat(leaks).as("one report: the held connection, not the 20 given back").hasSize(1);
            LogRecord leak = leaks.getFirst();
            assertThat(leak.getLevel()).isEqualTo(Level.WARNING);
            assertThat(leak.getLoggerName()).startsWith("com.zaxxer.hikari");
            assertThat(leak.getThrown()).as("the stack of whoever took the connection").isNotNull();
            assertThat(leak.getThrown().getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("holdPastThreshold"));
        } finally {
            hikariLog.removeHandler(collector);
        }
    }

    private static void holdPastThreshold(HikariConnectionPool hikari, java.util.function.Supplier<List<LogRecord>> reports)
            throws Exception {
        try (Connection held = hikari.connection()) {
            long deadline = System.nanoTime() + THRESHOLD.plusSeconds(8).toNanos();
            while (reports.get().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(held.isValid(1)).as("a reported connection still works").isTrue();
        }
    }

    private static List<LogRecord> leakReports(List<LogRecord> records, String poolName) {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .filter(r -> {
                    String m = String.valueOf(r.getMessage());
                    return m.toLowerCase(Locale.ROOT).contains("leak") && m.contains(poolName);
                })
                .toList();
    }
}
