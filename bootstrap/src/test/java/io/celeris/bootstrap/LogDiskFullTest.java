package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.bootstrap.logging.AsyncHandler;
import io.celeris.bootstrap.logging.AsyncSettings;
import io.celeris.bootstrap.logging.AsyncStats;
import io.celeris.bootstrap.logging.FileSettings;
import io.celeris.bootstrap.logging.HandlerSettings;
import io.celeris.bootstrap.logging.Logging;
import io.celeris.bootstrap.logging.LoggingSettings;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log handler writing to a disk that fills up: every record is accounted for in the handler's meters
 * ({@code celeris_log_*{handler=...}}), and stderr hears of the failures once per burst, not once per line.
 *
 * <p>The disk is a tmpfs of 64 KiB mounted for the test (the test runs as root here); where mounting is not
 * allowed it writes to {@code /dev/full} instead, which fails every write, and says so in its assertions.
 */
class LogDiskFullTest {

    private static final Pattern REPORTED = Pattern.compile("(\\d+) log records? could not be written");

    @TempDir
    Path dir;

    @Test
    void aFullDiskShowsInTheHandlersMetersAndOnStderrOncePerBurst() throws Exception {
        Path disk = Files.createDirectories(dir.resolve("disk"));
        boolean tmpfs = run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString());
        String where = tmpfs ? "a 64 KiB tmpfs" : "/dev/full (tmpfs could not be mounted)";
        Path file = tmpfs ? disk.resolve("access.log") : Path.of("/dev/full");
        String name = "disk-full-" + UUID.randomUUID();
        var settings = new HandlerSettings(name, AsyncSettings.of("overflow", "block", "batchSize", "64"), Level.ALL,
                Optional.empty(), LoggingSettings.ACCESS_DEFAULTS.delegate(), LoggingSettings.ACCESS_DEFAULTS.formatter(),
                Optional.empty(), Optional.of(new FileSettings(file.toString(), 0, 1, true)), List.of());
        int lines = 5_000;
        PrintStream stderr = System.err;
        var captured = new ByteArrayOutputStream();
        AsyncHandler h = null;
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            h = new AsyncHandler(settings);
            Observability.registerLogMeters();
            String line = "GET /users/" + "x".repeat(80) + " 200"; // 96 bytes with its newline
            for (int i = 0; i < lines; i++) {
                h.publish(new LogRecord(Level.INFO, line)); // 5,000 lines of ~100 bytes: 500 KB
            }
            h.flush();

            AsyncStats stats = h.stats();
            assertThat(meter("celeris.log.enqueued", name)).as(where).isEqualTo(lines);
            assertThat(meter("celeris.log.written", name)).as(where).isEqualTo(stats.written());
            assertThat(meter("celeris.log.write.errors", name)).as(where).isEqualTo(stats.writeErrors());
            assertThat(meter("celeris.log.dropped", name)).as(where).isZero();
            assertThat(meter("celeris.log.queue.depth", name)).as(where).isZero();
            assertThat(stats.written() + stats.writeErrors()).as("every record written or failed, on " + where)
                    .isEqualTo(lines);
            if (tmpfs) {
                // What fits in 64 KiB is written and counted so; the rest fails.
                assertThat(stats.written()).as(where).isBetween(1L, 64L * 1024 / (line.length() + 1));
                // Every line counted as written is on the disk. The batch cut by the full disk counts as failed
                // as a whole, though a part of it (at most a batch, 64 lines) may have reached the disk.
                String content = Files.readString(file);
                List<String> complete = content.substring(0, content.lastIndexOf('\n') + 1).lines().toList();
                assertThat(complete).containsOnly(line);
                assertThat((long) complete.size()).isBetween(stats.written(), stats.written() + 64);
                assertThat(Files.size(file)).isLessThanOrEqualTo(64 * 1024);
            }
            assertThat(stats.writeErrors()).as(where).isGreaterThan(lines - 700);
        } finally {
            if (h != null) {
                h.close();
            }
            Logging.awaitStderrReports(java.time.Duration.ofSeconds(10)); // printed by a thread of their own
            System.setErr(stderr);
            if (tmpfs) {
                assertThat(run("umount", disk.toString())).as("umount " + disk).isTrue();
            }
        }
        // The service's two handlers have their meters whether or not they exist yet.
        for (String service : List.of("celeris-async-log", "celeris-async-access-log")) {
            assertThat(Metrics.globalRegistry().gauge("celeris.log.write.errors", tags(service))).isPresent();
        }

        List<String> reports = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("celeris logging: " + name)).toList();
        long reported = reports.stream().map(REPORTED::matcher).filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
        assertThat(reports).as("stderr, once per burst and at close, not once per line (%s)", where)
                .hasSizeBetween(1, 10);
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("No space left on device");
        assertThat(reported).as("the reports add up to the failures").isEqualTo(h.stats().writeErrors());
    }

    private static List<Tag> tags(String handler) {
        return List.of(Tag.create("handler", handler));
    }

    private static long meter(String meter, String handler) {
        return Metrics.globalRegistry().gauge(meter, tags(handler)).orElseThrow(
                () -> new AssertionError("no meter " + meter + " for handler " + handler)).value().longValue();
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
