package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.helidon.logging.common.HelidonMdc;
import io.helidon.logging.jul.JulMdc;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsyncHandlerTest {

    private final List<AsyncHandler> handlers = new ArrayList<>();

    @AfterEach
    void closeHandlers() {
        handlers.forEach(AsyncHandler::close);
    }

    @Test
    void theAccessLogsDefaultsCostAStalledSinkLinesNotRequestThreads() throws Exception {
        // The access log's overflow and wait, with a queue small enough to fill at once.
        var settings = LoggingSettings.ACCESS_DEFAULTS.async().with("capacity", "4", "batchSize", "1");
        var sink = new CollectingHandler().gated(); // takes nothing: a stopped reader of stdout, a hung mount
        var h = handler(settings, sink);
        Logger log = logger(h);
        try {
            for (int i = 0; i < 5; i++) {
                log.info("fills the queue and the writer's hand " + i);
            }
            long start = System.nanoTime();
            log.info("finds no room for a second");
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertThat(waited).as("waited for room, a second at most (with block: for ever)").isBetween(900L, 5_000L);
            assertThat(h.stats().dropped()).as("counted").isGreaterThanOrEqualTo(1);
        } finally {
            sink.open();
        }
        h.flush();
        AsyncStats stats = h.stats();
        assertThat(stats.queueDepth()).isZero();
        assertThat(stats.written() + stats.dropped()).as("every record written or counted as dropped").isEqualTo(6);
        assertThat(sink.records()).as("the written ones").hasSize((int) stats.written());
        assertThat(sink.reportedDrops()).as("and the drop's announcement").isEqualTo(stats.dropped());
    }

    @Test
    void theDropsOfALogWhoseLinesAreBuiltByItsCallersAreAnnouncedInTheApplicationLog() throws Exception {
        var settings = AsyncSettings.of("overflow", "drop", "capacity", "2", "batchSize", "1");
        var sink = new CollectingHandler().gated(); // takes nothing: a stopped reader of stdout, a hung mount
        sink.setFormatter(new MessageOnlyFormatter()); // the access log's: each message is a whole line, maybe JSON
        var announced = new CollectingHandler();
        announced.setLevel(Level.WARNING);
        Logger announcements = Logger.getLogger(AsyncHandler.class.getName());
        announcements.addHandler(announced);
        var h = handler(settings, sink);
        try {
            Logger log = logger(h);
            for (int i = 0; i < 10; i++) {
                log.info("{\"status\":200,\"n\":" + i + "}");
            }
            assertThat(h.stats().dropped()).isGreaterThanOrEqualTo(1);
            sink.open();
            h.flush();
            h.close();
            AsyncStats stats = h.stats();
            assertThat(sink.lines).as("only the callers' lines reached the delegate").hasSize((int) stats.written());
            long said = announced.lines.stream()
                    .peek(m -> assertThat(m).matches("\\d+ log records dropped by celeris-async-log"))
                    .mapToLong(m -> Long.parseLong(m.substring(0, m.indexOf(' ')))).sum();
            assertThat(said).as("every drop announced").isEqualTo(stats.dropped());
        } finally {
            sink.open();
            announcements.removeHandler(announced);
        }
    }

    @Test
    void aStderrNobodyReadsDoesNotHoldTheClose() throws Exception {
        var settings = AsyncSettings.of("closeTimeout", "PT0.2S", "capacity", "4", "batchSize", "1");
        var sink = new CollectingHandler().gated(); // takes nothing: a stopped reader of stdout, a hung mount
        var h = new AsyncHandler(settings, sink); // its reports go to stderr
        var stalled = new CountDownLatch(1);
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                awaitQuietly(stalled);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                awaitQuietly(stalled);
            }
        }, true));
        try {
            Logger log = logger(h);
            log.info("held by the stalled sink");
            log.info("left in the queue");
            long start = System.nanoTime();
            Thread closing = Thread.ofPlatform().start(h::close);
            assertThat(closing.join(java.time.Duration.ofSeconds(10)))
                    .as("the close waits for its writer (0.2 s) and its report (1 s), not for stderr").isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000L);
            assertThat(h.stats().dropped()).as("what the close left, counted").isGreaterThanOrEqualTo(1);
        } finally {
            stalled.countDown();
            sink.open();
            System.setErr(stderr);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AsyncHandler handler(AsyncSettings settings, Handler delegate) {
        var h = new AsyncHandler(settings, delegate);
        h.setErrorManager(new CountingErrorManager());
        handlers.add(h);
        return h;
    }

    private static CountingErrorManager errors(AsyncHandler h) {
        return (CountingErrorManager) h.getErrorManager();
    }

    /** A logger of its own, writing only to the handler (kept in a local: loggers are weakly referenced). */
    private static Logger logger(AsyncHandler h) {
        Logger logger = Logger.getLogger("test.async." + UUID.randomUUID());
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
        logger.addHandler(h);
        return logger;
    }

    private static void runThreads(int threads, ThrowingIntConsumer body) throws Exception {
        var start = new CyclicBarrier(threads);
        var failure = new AtomicReference<Throwable>();
        var all = new ArrayList<Thread>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            all.add(Thread.ofPlatform().name("caller-" + t).start(() -> {
                try {
                    start.await();
                    body.accept(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a caller thread failed", failure.get());
        }
    }

    @FunctionalInterface
    interface ThrowingIntConsumer {
        void accept(int i) throws Exception;
    }

    @Test
    void blockWrites100kRecordsFrom64ThreadsAllOfThemInPerThreadOrder() throws Exception {
        var delegate = new CollectingHandler();
        var h = handler(AsyncSettings.of("overflow", "block", "capacity", "1024"), delegate);
        Logger logger = logger(h);
        int threads = 64;
        int total = 100_000;

        runThreads(threads, t -> {
            int mine = total / threads + (t < total % threads ? 1 : 0);
            for (int i = 0; i < mine; i++) {
                logger.info(t + " " + i);
            }
        });
        h.close();

        assertThat(delegate.lines).hasSize(total);
        var next = new HashMap<Integer, Integer>();
        for (String line : delegate.lines) {
            String[] parts = line.split(" ");
            int thread = Integer.parseInt(parts[0]);
            int seq = Integer.parseInt(parts[1]);
            assertThat(seq).as("thread %d out of order", thread).isEqualTo(next.getOrDefault(thread, 0));
            next.put(thread, seq + 1);
        }
        assertThat(next).hasSize(threads);
        assertThat(h.stats()).isEqualTo(new AsyncStats(total, total, 0, 0, 0, 1024));
        assertThat(delegate.closes).hasValue(1);
    }

    @Test
    void dropWithATinyQueueAccountsForEveryRecordAndNeverDropsWarnings() throws Exception {
        var delegate = new CollectingHandler().slow(100);
        var h = handler(AsyncSettings.of("overflow", "drop", "capacity", "4", "batchSize", "2"), delegate);
        Logger logger = logger(h);
        int threads = 8;
        int each = 1_000;

        runThreads(threads, t -> {
            for (int i = 0; i < each; i++) {
                Level level = i % 50 == 0 ? Level.SEVERE : i % 10 == 0 ? Level.WARNING : Level.INFO;
                logger.log(level, "{0} {1} {2}", new Object[] {level.getName(), t, i});
            }
        });
        h.close();

        AsyncStats stats = h.stats();
        int emitted = threads * each;
        assertThat(stats.dropped()).as("a tiny queue and a slow writer must drop").isPositive();
        assertThat(stats.written() + stats.dropped()).isEqualTo(emitted);
        assertThat(stats.enqueued()).isEqualTo(stats.written());
        assertThat(delegate.records()).hasSize((int) stats.written());
        int warnings = threads * (each / 10);
        assertThat(delegate.records().stream().filter(l -> !l.startsWith("INFO")).count()).isEqualTo(warnings);
        assertThat(delegate.reportedDrops()).as("the \"N log records dropped\" lines add up").isEqualTo(stats.dropped());
    }

    @Test
    void blockThenDropWaitsAboutTheTimeoutThenDrops() {
        var delegate = new CollectingHandler().gated();
        var h = handler(AsyncSettings.of("overflow", "block-then-drop", "capacity", "1", "blockTimeout", "PT0.05S"),
                delegate);
        Logger logger = logger(h);
        logger.info("taken by the writer, which then waits at the gate");
        waitUntil(() -> delegate.entered.get() == 1);
        logger.info("fills the queue");

        long t0 = System.nanoTime();
        logger.info("finds the queue full");
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;

        assertThat(waitedMs).isBetween(40L, 2_000L);
        assertThat(h.stats().dropped()).isEqualTo(1);
        delegate.open();
        h.close();
        assertThat(delegate.records()).containsExactly("taken by the writer, which then waits at the gate",
                "fills the queue");
        assertThat(delegate.reportedDrops()).isEqualTo(1);
    }

    @Test
    void warningsWaitForRoomEvenUnderDrop() throws Exception {
        var delegate = new CollectingHandler().gated();
        var h = handler(AsyncSettings.of("overflow", "drop", "capacity", "1"), delegate);
        Logger logger = logger(h);
        logger.info("one");
        waitUntil(() -> delegate.entered.get() == 1);
        logger.info("two");
        var warned = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            logger.warning("must not be dropped");
            warned.countDown();
        });
        logger.info("dropped: the queue is full");
        assertThat(warned.getCount()).as("the warning waits for room").isEqualTo(1);

        delegate.open();
        warned.await();
        h.close();
        assertThat(delegate.records()).containsExactly("one", "two", "must not be dropped");
        assertThat(h.stats().dropped()).isEqualTo(1);
    }

    @Test
    void aFailingDelegateNeverReachesTheCallerAndTheWriterGoesOn() throws Exception {
        var delegate = new CollectingHandler();
        delegate.failWhen = r -> r.getMessage().startsWith("bad");
        var h = handler(AsyncSettings.of("overflow", "block", "capacity", "16"), delegate);
        Logger logger = logger(h);

        long t0 = System.nanoTime();
        assertThatCode(() -> runThreads(4, t -> {
            for (int i = 0; i < 500; i++) {
                logger.info((i % 5 == 0 ? "bad " : "good ") + t + " " + i);
            }
        })).doesNotThrowAnyException();
        h.flush();
        logger.info("after the failures");
        h.close();

        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(10).toNanos());
        assertThat(h.stats().writeErrors()).isEqualTo(400);
        assertThat(h.stats().written()).isEqualTo(1601);
        assertThat(delegate.records()).hasSize(1601).contains("after the failures").noneMatch(l -> l.startsWith("bad"));
        // Every failure is counted; stderr hears of them once per burst, not once per line.
        assertThat(errors(h).reports).hasSizeBetween(1, 20).anyMatch(r -> r.contains("boom"));
        assertThat(errors(h).reports.stream().mapToLong(AsyncHandlerTest::failuresReported).sum()).isEqualTo(400);
    }

    @Test
    void aDelegateWhoseStreamFailsIsCountedNotThrown() {
        var failing = new StreamHandler(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        }, new MessageOnlyFormatter());
        var h = handler(AsyncSettings.DEFAULTS, failing);
        Logger logger = logger(h);

        assertThatCode(() -> {
            for (int i = 0; i < 100; i++) {
                logger.severe("cannot be written " + i);
            }
        }).doesNotThrowAnyException();
        h.close();

        assertThat(h.stats().writeErrors()).isPositive();
        assertThat(errors(h).reports).anyMatch(r -> r.contains("disk full"));
    }

    @Test
    void parametersAreFrozenWhenLoggedNotWhenWritten() {
        var delegate = new CollectingHandler().gated();
        var h = handler(AsyncSettings.DEFAULTS, delegate);
        Logger logger = logger(h);
        var items = new ArrayList<>(List.of("a"));
        var sb = new StringBuilder("before");
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };

        logger.log(Level.INFO, "items {0}, {1}, {2,number,0.00}, {3}", new Object[] {items, sb, 3.5, broken});
        items.add("b");
        sb.setLength(0);
        sb.append("after");
        delegate.open();
        h.close();

        assertThat(delegate.records()).hasSize(1);
        assertThat(delegate.records().getFirst())
                .startsWith("items [a], before, 3.50, [")
                .contains("toString() threw java.lang.IllegalStateException: no text");
    }

    @Test
    void theRequestIdOfTheCallerIsInTheMdcOfTheDelegateAndInTheLine() throws Exception {
        var seenOnWriter = new ArrayList<String>();
        var delegate = new CollectingHandler();
        delegate.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                // What a formatter using %X{request_id} reads: the MDC of the thread that formats.
                seenOnWriter.add(HelidonMdc.get("request_id").orElse("-") + "/" + JulMdc.get("request_id"));
                return new TextLineFormatter().format(r);
            }
        });
        var h = handler(AsyncSettings.DEFAULTS, delegate);
        Logger logger = logger(h);

        Thread.ofPlatform().name("request-worker").start(() -> {
            HelidonMdc.set("request_id", "req-42");
            try {
                logger.info("inside the request");
            } finally {
                HelidonMdc.remove("request_id");
            }
            logger.info("outside any request");
        }).join();
        Thread virtual = Thread.ofVirtual().start(() -> logger.info("from a virtual thread"));
        virtual.join();
        h.close();

        assertThat(seenOnWriter).containsExactly("req-42/req-42", "-/null", "-/null");
        assertThat(delegate.lines.get(0)).contains(" [request-worker request_id=req-42] inside the request");
        assertThat(delegate.lines.get(1)).contains(" [request-worker] outside any request");
        // Unnamed: the writer names it by its id.
        assertThat(delegate.lines.get(2)).contains(" [#" + virtual.threadId() + "] from a virtual thread");
        assertThat(delegate.threads).containsOnly("celeris-async-log");
    }

    @Test
    void closeDrainsTheQueueWithinItsBound() {
        var delegate = new CollectingHandler().slow(500);
        var h = handler(AsyncSettings.of("overflow", "block", "closeTimeout", "PT5S"),
                delegate);
        Logger logger = logger(h);
        for (int i = 0; i < 500; i++) {
            logger.info("r" + i);
        }

        long t0 = System.nanoTime();
        h.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(delegate.records()).hasSize(500);
        assertThat(delegate.closes).hasValue(1);
        assertThat(ms).isLessThan(5_000);
    }

    @Test
    void closeGivesUpAfterItsTimeoutAndCountsWhatIsLeft() {
        var delegate = new CollectingHandler().gated();
        var h = handler(AsyncSettings.of("closeTimeout", "PT0.2S"), delegate);
        Logger logger = logger(h);
        logger.info("r0");
        waitUntil(() -> delegate.entered.get() == 1);
        for (int i = 1; i < 10; i++) {
            logger.info("r" + i);
        }

        long t0 = System.nanoTime();
        h.close();
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(ms).isBetween(150L, 3_000L);
        assertThat(h.stats().dropped()).isEqualTo(9);
        assertThat(errors(h).reports).anyMatch(r -> r.contains("9 queued records dropped, and 1 in the writer's hand"));
        logger.info("after an abandoned close");
        assertThat(h.stats().dropped()).isEqualTo(10);
        delegate.open();
        waitUntil(() -> delegate.closes.get() == 1);
        assertThat(delegate.records()).containsExactly("r0");
    }

    @Test
    void aRecordPublishedWhileClosingIsWrittenByItsCallerAndOneAfterCloseIsCounted() throws Exception {
        var delegate = new CollectingHandler().gated();
        var h = handler(AsyncSettings.DEFAULTS, delegate);
        Logger logger = logger(h);
        logger.info("queued");
        var closer = Thread.ofPlatform().start(h::close);
        waitUntil(() -> h.isClosed());

        var late = Thread.ofPlatform().start(() -> logger.info("while closing"));
        // The caller itself is in the delegate, while the writer still is too.
        waitUntil(() -> delegate.entered.get() == 2);
        delegate.open();
        late.join();
        closer.join();
        logger.info("after close");

        assertThat(delegate.records()).containsExactlyInAnyOrder("queued", "while closing");
        assertThat(h.stats().written()).isEqualTo(2);
        assertThat(h.stats().dropped()).isEqualTo(1);
        assertThat(errors(h).reports).anyMatch(r -> r.contains("published after close"));
        assertThat(delegate.closes).hasValue(1);
    }

    @Test
    void concurrentClosesWaitForTheSameDrainAndCloseTheDelegateOnce() throws Exception {
        var delegate = new CollectingHandler().slow(200);
        var h = handler(AsyncSettings.of("overflow", "block"), delegate);
        Logger logger = logger(h);
        for (int i = 0; i < 1_000; i++) {
            logger.info("r" + i);
        }

        // Not AsyncHandler.closeAll(): it would close the handlers of every other test in this JVM
        // (ShutdownSafeLogManagerTest runs it in a JVM of its own).
        runThreads(3, t -> {
            h.close();
            // Whoever returns, returns after the drain.
            assertThat(delegate.records()).hasSize(1_000);
        });
        assertThat(delegate.closes).hasValue(1);
    }

    @Test
    void openHandlersAreListedUntilClosed() {
        var h = handler(AsyncSettings.DEFAULTS, new CollectingHandler());
        assertThat(AsyncHandler.open()).contains(h);
        assertThat(h.name()).isEqualTo("celeris-async-log");
        h.close();
        assertThat(AsyncHandler.open()).doesNotContain(h);
    }

    @Test
    void flushWaitsForEverythingLoggedBeforeIt() {
        var delegate = new CollectingHandler().slow(200);
        var h = handler(AsyncSettings.of("overflow", "block"), delegate);
        Logger logger = logger(h);
        for (int i = 0; i < 300; i++) {
            logger.info("r" + i);
        }
        h.flush();
        assertThat(delegate.records()).hasSize(300);
        assertThat(delegate.flushes.get()).isPositive();
    }

    @Test
    void aDelegateThatLogsIntoItsOwnHandlerDoesNotDeadlockTheWriter() {
        var delegate = new CollectingHandler();
        var h = handler(AsyncSettings.of("overflow", "block", "capacity", "1"), delegate);
        Logger logger = logger(h);
        delegate.failWhen = r -> {
            if (r.getMessage().startsWith("outer")) {
                for (int i = 0; i < 5; i++) {
                    logger.info("inner " + i); // the writer's own records: never wait for room
                }
            }
            return false;
        };
        for (int i = 0; i < 20; i++) {
            logger.info("outer " + i);
        }
        h.close();
        assertThat(delegate.records().stream().filter(l -> l.startsWith("outer"))).hasSize(20);
        assertThat(h.stats().written() + h.stats().dropped()).isEqualTo(20 + 100);
    }

    @Test
    void whileRecordsKeepComingTheWriterBatchesThemInsteadOfBeingWokenByEach() throws Exception {
        var delegate = new CollectingHandler();
        var h = handler(AsyncSettings.of("linger", "PT0.1S"), delegate);
        Logger logger = logger(h);
        logger.info("first"); // wakes the sleeping writer, which then lingers 100 ms between looks
        waitUntil(() -> delegate.records().size() == 1);
        int flushesBefore = delegate.flushes.get();
        for (int i = 0; i < 100; i++) {
            logger.info("r" + i);
            Thread.sleep(1);
        }
        h.flush();
        assertThat(delegate.records()).hasSize(101);
        // Woken by each record, the writer would flush about once per record (100); lingering, once per look.
        assertThat(delegate.flushes.get() - flushesBefore).isBetween(1, 10);
    }

    @Test
    void aSleepingWriterIsWokenByTheNextRecordNotByItsSafetyNet() throws Exception {
        var delegate = new CollectingHandler();
        var h = handler(AsyncSettings.of("linger", "PT0.001S"), delegate);
        Logger logger = logger(h);
        long slowest = 0;
        for (int i = 0; i < 10; i++) {
            Thread.sleep(60); // 8 empty lingers of 1 ms: the writer is asleep now
            long start = System.nanoTime();
            logger.info("r" + i);
            int expected = i + 1;
            waitUntil(() -> delegate.records().size() == expected);
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        // A lost wake-up would leave the record queued until the writer's 1 s safety-net sleep ends.
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(500));
    }

    /** "5 log records could not be written" is 5; "1 log record could not be written" is 1. */
    static long failuresReported(String report) {
        var m = Pattern.compile("(\\d+) log records? could not be written").matcher(report);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
