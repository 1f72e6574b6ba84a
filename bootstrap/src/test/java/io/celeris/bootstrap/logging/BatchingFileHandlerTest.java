package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingFileHandlerTest {

    @Test
    void theAccessLogFastPathWritesWhatTheFormatterWouldAndEveryOtherRecordGoesThroughIt(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("access.log");
        var delegate = new BatchingFileHandler(file, false);
        delegate.setEncoding("UTF-8");
        delegate.setFormatter(new MessageOnlyFormatter());
        var h = new AsyncHandler(AsyncSettings.of("overflow", "block"), delegate);
        var withParameter = new LogRecord(Level.INFO, "took {0} ms");
        withParameter.setParameters(new Object[] {"12"});
        var withThrown = new LogRecord(Level.WARNING, "failed");
        withThrown.setThrown(new IllegalStateException("boom"));
        var records = new LogRecord[] {new LogRecord(Level.INFO, "GET /users 200 é ü 日本"), withParameter,
                withThrown, new LogRecord(Level.INFO, "{\"status\":404}")};
        for (LogRecord r : records) {
            h.publish(r);
        }
        h.close();

        var expected = new StringBuilder();
        Formatter f = new MessageOnlyFormatter();
        for (LogRecord r : records) {
            expected.append(f.format(r));
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(expected.toString())
                .startsWith("GET /users 200 é ü 日本\ntook 12 ms\nfailed\n").contains("IllegalStateException: boom");
        assertThat(h.stats().written()).isEqualTo(4);
    }

    @Test
    void aLevelOrFormatterOfItsOwnIsHonouredOnTheFastPathToo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.log");
        var delegate = new BatchingFileHandler(file, false);
        delegate.setFormatter(new MessageOnlyFormatter());
        delegate.setLevel(Level.WARNING);
        var h = new AsyncHandler(AsyncSettings.DEFAULTS, delegate);
        h.publish(new LogRecord(Level.INFO, "not written"));
        h.publish(new LogRecord(Level.WARNING, "written"));
        h.flush();
        delegate.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return "[" + r.getLevel() + "] " + r.getMessage() + "\n";
            }

            @Override
            public String getTail(java.util.logging.Handler handler) {
                return "-- end\n";
            }
        });
        h.publish(new LogRecord(Level.SEVERE, "formatted"));
        h.close();
        assertThat(Files.readString(file)).isEqualTo("written\n[SEVERE] formatted\n-- end\n");
    }
}
