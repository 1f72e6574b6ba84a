package io.celeris.bench.logging;

import io.celeris.bootstrap.logging.AsyncHandler;
import io.celeris.bootstrap.logging.AsyncSettings;
import io.celeris.bootstrap.logging.AsyncStats;
import io.celeris.bootstrap.logging.Overflow;
import io.celeris.bootstrap.logging.TextLineFormatter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What {@code logger.info(...)} costs the thread that calls it (issue 5): logging off, a synchronous
 * {@link FileHandler}, and an {@link AsyncHandler} whose delegate is the same kind of FileHandler, both with the
 * same formatter ({@link TextLineFormatter}), writing to a real file (rotated at 64 MiB so a run cannot fill the
 * disk). The async handler runs with {@link Overflow#BLOCK}: nothing is ever dropped, so it cannot look cheap by
 * losing records; the trial checks {@code dropped == 0}, {@code written == enqueued} and no write error, and
 * prints the counters.
 *
 * <ul>
 *   <li>{@link #burst}: bursts of {@value #BURST} calls, ns per call. Between bursts (untimed) the async handler
 *       is flushed, so the queue is never full: the cost of the call itself while the writer keeps up, which is
 *       what a request pays for its log lines under a normal load. Also reported: the caller thread's CPU time
 *       per call ({@link Caller}).</li>
 *   <li>{@link #sustained}: calls back to back forever. The queue fills and, with {@code block}, the callers go
 *       at the speed of the writer: the async handler then costs what the file costs, spread differently. Shown
 *       so that nobody mistakes the first figure for a throughput.</li>
 * </ul>
 *
 * <p>{@code message}: {@code plain} is a pre-built line (what the access log logs); {@code params} is a
 * {@code MessageFormat} pattern with three arguments (what application code logs), formatted on the caller by
 * the synchronous handler and on the writer by the async one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoggingCallerCost {

    static final int BURST = 4096;
    private static final String LINE = "127.0.0.1 \"GET /users/0190c3f2-6f1e-7c3a-9d41-5b2a8e7f0c11\" 200 412 0.384ms "
            + "cache=\"celeris; hit\" id=5f0e6d1c2b3a49788796a5b4c3d2e1f0";
    private static final String PATTERN = "user {0} read in {1} us (cache {2})";

    @Param({"off", "sync-file", "async-file"})
    public String handler;

    @Param({"plain", "params"})
    public String message;

    private Path dir;
    private Logger logger;
    private Handler attached;
    private AsyncHandler async;
    private boolean params;
    private final UUID user = UUID.fromString("0190c3f2-6f1e-7c3a-9d41-5b2a8e7f0c11");

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("celeris-jmh-");
        params = message.equals("params");
        // A strong reference: loggers are only weakly held by the LogManager.
        logger = Logger.getLogger("bench." + handler + "." + message);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        switch (handler) {
            case "off" -> logger.setLevel(Level.OFF);
            case "sync-file" -> attached = file();
            case "async-file" -> {
                async = new AsyncHandler(AsyncSettings.of("overflow", "block", "capacity", String.valueOf(4 * BURST)),
                        file());
                attached = async;
            }
            default -> throw new IllegalArgumentException(handler);
        }
        if (attached != null) {
            logger.addHandler(attached);
        }
    }

    private Handler file() throws IOException {
        var f = new FileHandler(dir.resolve("bench.%g.log").toString(), 64 << 20, 2, false);
        f.setFormatter(new TextLineFormatter());
        return f;
    }

    /**
     * Around each burst, untimed: the CPU time the calling thread spent in it (a secondary result,
     * {@code callerCpuNanos / calls}: unlike the wall time, it does not count the time the caller waited for a
     * core, which on a small shared machine is most of the noise), then the async handler's queue emptied.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Caller {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        public long callerCpuNanos;
        public long calls;
        private long start;

        @Setup(org.openjdk.jmh.annotations.Level.Iteration)
        public void reset() {
            callerCpuNanos = 0;
            calls = 0;
        }

        @Setup(org.openjdk.jmh.annotations.Level.Invocation)
        public void start() {
            start = THREADS.getCurrentThreadCpuTime();
        }

        @TearDown(org.openjdk.jmh.annotations.Level.Invocation)
        public void stopAndDrain(LoggingCallerCost bench) {
            callerCpuNanos += THREADS.getCurrentThreadCpuTime() - start;
            calls += BURST;
            if (bench.async != null) {
                bench.async.flush();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public void burst(Caller caller) {
        for (int i = 0; i < BURST; i++) {
            log(i);
        }
    }

    @Benchmark
    public void sustained() {
        log(7);
    }

    private void log(int i) {
        if (params) {
            logger.log(Level.INFO, PATTERN, new Object[] {user, i, "hit"});
        } else {
            logger.info(LINE);
        }
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void tearDown() throws IOException {
        if (attached != null) {
            logger.removeHandler(attached);
            attached.close();
        }
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.filter(p -> p.getFileName().toString().endsWith(".log")).mapToLong(p -> p.toFile().length())
                    .sum();
        }
        if (async != null) {
            AsyncStats s = async.stats();
            System.out.printf("%n[async-file stats] enqueued=%d written=%d dropped=%d writeErrors=%d; %d bytes in %s%n",
                    s.enqueued(), s.written(), s.dropped(), s.writeErrors(), bytes, dir);
            if (s.dropped() != 0 || s.writeErrors() != 0 || s.written() != s.enqueued()) {
                throw new IllegalStateException("the async handler lost records: " + s);
            }
        } else {
            System.out.printf("%n[%s] %d bytes in %s%n", handler, bytes, dir);
        }
        if (!handler.equals("off") && bytes == 0) {
            throw new IllegalStateException("nothing was written to the file");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
