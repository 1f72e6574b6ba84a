package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.logging.ErrorManager;
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

    private static AsyncHandler rotating(FileSettings file) throws Exception {
        var delegate = new BatchingFileHandler(file);
        delegate.setFormatter(new MessageOnlyFormatter());
        return new AsyncHandler(AsyncSettings.of("overflow", "block", "batchSize", "64"), delegate);
    }

    /** The lines of every generation, oldest first. */
    private static List<String> generations(FileSettings file) throws Exception {
        var lines = new ArrayList<String>();
        for (int g = file.count() - 1; g >= 0; g--) {
            if (Files.exists(BatchingFileHandler.generation(file, g))) {
                lines.addAll(Files.readAllLines(BatchingFileHandler.generation(file, g)));
            }
        }
        return lines;
    }

    @Test
    void afterAFailedWriteThatCutALineTheNextLineStartsOnItsOwn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        var h = new BatchingFileHandler(file, true);
        h.setFormatter(new MessageOnlyFormatter());
        h.writeLine(Level.INFO, "first");
        h.flush();
        // What a full disk leaves: part of a batch on the disk, the write failed.
        Files.writeString(file, "cut-off id=a367f2", StandardOpenOption.APPEND);
        h.failed(new IOException("No space left on device"), ErrorManager.WRITE_FAILURE);
        h.writeLine(Level.INFO, "next");
        h.flush();
        // A failure that left no part behind adds no empty line.
        h.failed(new IOException("No space left on device"), ErrorManager.WRITE_FAILURE);
        h.writeLine(Level.INFO, "last");
        h.close();
        assertThat(Files.readAllLines(file)).containsExactly("first", "cut-off id=a367f2", "next", "last");
    }

    @Test
    void aRotatingFileRotatesAtItsLimitAndLosesNoLine(@TempDir Path dir) throws Exception {
        var file = new FileSettings(dir.resolve("access.%g.log").toString(), 1_000, 100, false);
        var h = rotating(file);
        List<String> expected = IntStream.range(0, 3_000).mapToObj(i -> String.format("GET /users/%05d 200", i))
                .toList();
        for (int i = 0; i < expected.size(); i++) {
            if (i % 3 == 0) {
                var withParameter = new LogRecord(Level.INFO, "{0}");
                withParameter.setParameters(new Object[] {expected.get(i)});
                h.publish(withParameter); // the record path rotates as the line path does
            } else {
                h.publish(new LogRecord(Level.INFO, expected.get(i)));
            }
        }
        h.close();

        // 3,000 lines of 21 bytes: 63,000 bytes, a new file after each 1,000 (48 lines).
        try (var files = Files.list(dir)) {
            assertThat(files.count()).isBetween(60L, 70L);
        }
        for (int g = 1; Files.exists(BatchingFileHandler.generation(file, g)); g++) {
            assertThat(Files.size(BatchingFileHandler.generation(file, g))).as("generation %d", g).isBetween(1_000L, 1_000L + 21);
        }
        assertThat(generations(file)).containsExactlyElementsOf(expected);
        assertThat(h.stats().written()).isEqualTo(3_000);
        assertThat(h.stats().writeErrors()).isZero();
    }

    @Test
    void theOldestGenerationGoesAndTheNewestLinesStay(@TempDir Path dir) throws Exception {
        // No %g in the pattern: ".%g" is appended, as FileHandler does.
        var file = new FileSettings(dir.resolve("app.log").toString(), 100, 3, false);
        var h = rotating(file);
        for (int i = 0; i < 100; i++) {
            h.publish(new LogRecord(Level.INFO, String.format("line %04d", i)));
        }
        h.close();

        assertThat(BatchingFileHandler.generation(file, 2)).hasFileName("app.log.2");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("app.log.0", "app.log.1", "app.log.2");
        }
        List<String> kept = generations(file);
        assertThat(kept).isNotEmpty().endsWith("line 0099");
        int first = Integer.parseInt(kept.getFirst().substring(5));
        assertThat(kept).containsExactlyElementsOf(IntStream.range(first, 100)
                .mapToObj(i -> String.format("line %04d", i)).toList());
    }

    @Test
    void appendingCountsWhatTheFileAlreadyHolds(@TempDir Path dir) throws Exception {
        Path current = dir.resolve("a.0.log");
        Files.writeString(current, "x".repeat(95) + "\n");
        var file = new FileSettings(dir.resolve("a.%g.log").toString(), 100, 2, true);
        var h = rotating(file);
        h.publish(new LogRecord(Level.INFO, "tips it over"));
        h.publish(new LogRecord(Level.INFO, "in a new file"));
        h.close();

        assertThat(Files.readString(dir.resolve("a.1.log"))).isEqualTo("x".repeat(95) + "\ntips it over\n");
        assertThat(Files.readString(current)).isEqualTo("in a new file\n");
    }
}
