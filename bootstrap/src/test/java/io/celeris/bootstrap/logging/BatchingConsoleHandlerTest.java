package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class BatchingConsoleHandlerTest {

    /** Standard output as the handler sees it: every write call kept apart. */
    static final class Writes extends OutputStream {
        final List<byte[]> calls = new ArrayList<>();
        final ByteArrayOutputStream all = new ByteArrayOutputStream();
        volatile boolean failing;

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (failing) {
                throw new IOException("No space left on device");
            }
            byte[] call = new byte[len];
            System.arraycopy(b, off, call, 0, len);
            calls.add(call);
            all.write(b, off, len);
        }

        synchronized String text() {
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static BatchingConsoleHandler handler(Writes writes) {
        var h = new BatchingConsoleHandler(new PrintStream(writes, false, StandardCharsets.UTF_8));
        h.setFormatter(new MessageOnlyFormatter());
        return h;
    }

    @Test
    void linesAreHeldUntilTheFlushOfTheirBatchThenWrittenInOneCall() throws Exception {
        var writes = new Writes();
        var h = handler(writes);
        h.setEncoding("UTF-8");
        var expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String line = "127.0.0.1 \"GET /users/" + i + "\" 200 490 0.012ms é 日本";
            assertThat(h.writeLine(Level.INFO, line)).isTrue();
            expected.append(line).append('\n');
        }
        assertThat(writes.calls).isEmpty();
        h.flush();
        assertThat(writes.calls).hasSize(1);
        assertThat(writes.text()).isEqualTo(expected.toString());
    }

    @Test
    void aFullBufferIsWrittenAtALineBoundaryAndNoLineIsLostOrSplit() {
        var writes = new Writes();
        var h = handler(writes);
        var expected = new StringBuilder();
        for (int i = 0; i < 3_000; i++) { // about 300 KB: several buffers' worth before the flush
            String line = i + " " + "x".repeat(90);
            h.writeLine(Level.INFO, line);
            expected.append(line).append('\n');
        }
        h.writeLine(Level.INFO, "y".repeat(100_000)); // longer than the buffer: written on its own
        expected.append("y".repeat(100_000)).append('\n');
        h.close();
        assertThat(writes.calls.size()).isBetween(5, 12);
        for (byte[] call : writes.calls) {
            assertThat(call[call.length - 1]).isEqualTo((byte) '\n');
        }
        assertThat(writes.text()).isEqualTo(expected.toString());
    }

    @Test
    void inACharsetWhoseLineFeedIsNotTheOneByteTenEveryLineStillEndsWithItsOwn() throws Exception {
        var writes = new Writes();
        var h = handler(writes);
        h.setEncoding("UTF-16LE");
        h.writeLine(Level.INFO, "first é");
        h.writeLine(Level.INFO, "second");
        h.flush();
        assertThat(writes.all.toString(StandardCharsets.UTF_16LE)).isEqualTo("first é\nsecond\n");
    }

    @Test
    void theFastPathIsOnlyForTheMessageOnlyFormatterRecordsGoThroughAnyOther() {
        var writes = new Writes();
        var h = handler(writes);
        h.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return "[" + r.getLevel() + "] " + r.getMessage() + "\n";
            }
        });
        assertThat(h.writeLine(Level.INFO, "line")).isFalse();
        h.publish(new LogRecord(Level.INFO, "line"));
        h.setFormatter(new MessageOnlyFormatter());
        h.setLevel(Level.WARNING);
        assertThat(h.writeLine(Level.INFO, "below the level")).isFalse();
        h.publish(new LogRecord(Level.INFO, "below the level"));
        h.flush();
        assertThat(writes.text()).isEqualTo("[INFO] line\n");
    }

    @Test
    void behindTheAsynchronousHandlerEveryLineIsWrittenAndCounted() {
        var writes = new Writes();
        var h = new AsyncHandler(AsyncSettings.of("overflow", "block"), handler(writes));
        var expected = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            h.publish(new LogRecord(Level.INFO, "line " + i));
            expected.append("line ").append(i).append('\n');
        }
        var withParameter = new LogRecord(Level.INFO, "took {0} ms");
        withParameter.setParameters(new Object[] {"12"});
        h.publish(withParameter);
        expected.append("took 12 ms\n");
        h.close();
        assertThat(writes.text()).isEqualTo(expected.toString());
        assertThat(h.stats().written()).isEqualTo(5_001);
        assertThat(h.stats().writeErrors()).isZero();
    }

    @Test
    void aFailingStandardOutputIsReportedAndItsBatchCountedAsFailed() {
        var writes = new Writes();
        var errors = new CountingErrorManager();
        var delegate = handler(writes);
        var h = new AsyncHandler(AsyncSettings.of("overflow", "block"), delegate);
        h.publish(new LogRecord(Level.INFO, "before"));
        h.flush();
        writes.failing = true;
        h.publish(new LogRecord(Level.INFO, "lost"));
        h.flush();
        // A reader of stdout that went away does not come back, and PrintStream's flag cannot say if it did: the
        // batches after the failure count as failed, not as written (they were: "written" climbed, nothing arrived).
        h.publish(new LogRecord(Level.INFO, "lost too"));
        h.flush();
        h.close();
        assertThat(writes.text()).isEqualTo("before\n");
        assertThat(h.stats().written()).isEqualTo(1);
        assertThat(h.stats().writeErrors()).isEqualTo(2);

        var alone = handler(writes);
        alone.setErrorManager(errors);
        alone.writeLine(Level.INFO, "x");
        alone.flush();
        alone.writeLine(Level.INFO, "y");
        alone.flush();
        // Explained once; every later batch reported (counted) as failed too.
        assertThat(errors.reports).hasSize(2);
        assertThat(errors.reports.get(0)).contains("standard output failed", "every batch from now on");
        assertThat(errors.reports.get(1)).doesNotContain("standard output failed");
    }

    @Test
    void theAccessLogWritesToTheConsoleInBatchesByDefault() {
        var problems = new ArrayList<String>();
        var delegate = Delegates.build(LoggingSettings.ACCESS_DEFAULTS, problems);
        assertThat(problems).isEmpty();
        assertThat(delegate).isInstanceOf(BatchingConsoleHandler.class);
        assertThat(delegate.getFormatter()).isInstanceOf(MessageOnlyFormatter.class);
        delegate.close();
    }
}
