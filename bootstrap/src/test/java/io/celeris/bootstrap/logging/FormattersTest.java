package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.logging.common.HelidonMdc;
import io.helidon.metadata.hson.Hson;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class FormattersTest {

    private static final Instant T = Instant.parse("2026-11-25T18:36:00.120Z");

    private static CapturedRecord captured(Level level, String message, Throwable thrown, String requestId) {
        var r = new LogRecord(level, message);
        r.setLoggerName("io.celeris.test");
        r.setInstant(T);
        r.setThrown(thrown);
        var snapshot = Snapshot.of(r, AsyncSettings.DEFAULTS);
        return new CapturedRecord(new Snapshot(snapshot.level(), snapshot.loggerName(), snapshot.message(),
                snapshot.instant(), snapshot.sequence(), snapshot.threadId(), "caller-1", snapshot.thrown(), null,
                null, null, null, null, List.of(AsyncSettings.REQUEST_ID), new String[] {requestId}));
    }

    @Test
    void textLineHasTheCallersThreadAndRequestId() {
        assertThat(new TextLineFormatter().format(captured(Level.INFO, "hello", null, "r-1")))
                .isEqualTo("2026-11-25T18:36:00.120Z INFO io.celeris.test [caller-1 request_id=r-1] hello\n");
        assertThat(new TextLineFormatter().format(captured(Level.WARNING, "no request", null, null)))
                .isEqualTo("2026-11-25T18:36:00.120Z WARNING io.celeris.test [caller-1] no request\n");
    }

    @Test
    void textLineOfAnUncapturedRecordUsesTheCurrentThreadAndMdc() throws Exception {
        var line = new String[1];
        Thread.ofPlatform().name("plain").start(() -> {
            HelidonMdc.set(AsyncSettings.REQUEST_ID, "r-2");
            var r = new LogRecord(Level.INFO, "direct");
            r.setLoggerName("x");
            line[0] = new TextLineFormatter().format(r);
            HelidonMdc.remove(AsyncSettings.REQUEST_ID);
        }).join();
        assertThat(line[0]).endsWith(" INFO x [plain request_id=r-2] direct\n");
    }

    @Test
    void textLineCarriesTheStackTrace() {
        String line = new TextLineFormatter().format(captured(Level.SEVERE, "failed", new IllegalStateException("why"),
                null));
        assertThat(line).startsWith("2026-11-25T18:36:00.120Z SEVERE io.celeris.test [caller-1] failed\n"
                + "java.lang.IllegalStateException: why\n\tat ");
    }

    @Test
    void jsonLineIsOneValidObjectWithEveryField() throws Exception {
        String nasty = "quote \" backslash \\ newline \n tab \t nul \u0000 bell \u0007 ls \u2028 emoji \uD83D\uDE00 "
                + "lone \uD800 end";
        String line = new JsonLinesFormatter().format(captured(Level.SEVERE, nasty, new RuntimeException("x\"y"),
                "r-\"3\""));

        assertThat(line).endsWith("}\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n", "\r");
        assertThat(line).contains("\"message\":\"quote \\\" backslash \\\\ newline \\n tab \\t nul \\u0000 bell "
                + "\\u0007 ls \u2028 emoji \uD83D\uDE00 lone \uD800 end\"");

        var json = (Hson.Struct) Hson.parse(new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)));
        assertThat(json.keys()).containsExactlyInAnyOrder("ts", "level", "logger", "thread", "request_id", "message",
                "exception");
        assertThat(json.stringValue("ts")).contains("2026-11-25T18:36:00.120Z");
        assertThat(json.stringValue("level")).contains("SEVERE");
        assertThat(json.stringValue("thread")).contains("caller-1");
        assertThat(json.stringValue("request_id")).contains("r-\"3\"");
        assertThat(json.stringValue("exception").orElseThrow()).startsWith("java.lang.RuntimeException: x\"y\n\tat ");
    }

    /** With the default keys, the ids the logging thread had in its MDC (a traced request) reach both formats. */
    @Test
    void traceAndSpanIdsOfTheLoggingThreadAreOnTheLine() throws Exception {
        var record = new CapturedRecord[1];
        Thread.ofPlatform().name("traced").start(() -> {
            HelidonMdc.set(AsyncSettings.REQUEST_ID, "r-4");
            HelidonMdc.set(AsyncSettings.TRACE_ID, "4bf92f3577b34da6a3ce929d0e0e4736");
            HelidonMdc.set(AsyncSettings.SPAN_ID, "00f067aa0ba902b7");
            var r = new LogRecord(Level.INFO, "traced");
            r.setLoggerName("x");
            r.setInstant(T);
            record[0] = new CapturedRecord(Snapshot.of(r, AsyncSettings.DEFAULTS));
            HelidonMdc.clear();
        }).join();
        assertThat(new TextLineFormatter().format(record[0])).isEqualTo("2026-11-25T18:36:00.120Z INFO x [traced "
                + "request_id=r-4 trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7] traced\n");
        assertThat(new JsonLinesFormatter().format(record[0])).isEqualTo("{\"ts\":\"2026-11-25T18:36:00.120Z\","
                + "\"level\":\"INFO\",\"logger\":\"x\",\"thread\":\"traced\",\"request_id\":\"r-4\","
                + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\","
                + "\"message\":\"traced\"}\n");
    }

    @Test
    void jsonLineLeavesOutWhatIsAbsent() {
        assertThat(new JsonLinesFormatter().format(captured(Level.INFO, "plain", null, null)))
                .isEqualTo("{\"ts\":\"2026-11-25T18:36:00.120Z\",\"level\":\"INFO\",\"logger\":\"io.celeris.test\","
                        + "\"thread\":\"caller-1\",\"message\":\"plain\"}\n");
    }

    @Test
    void messageOnlyIsTheMessageAndANewline() {
        assertThat(new MessageOnlyFormatter().format(captured(Level.INFO, "GET /users 200", null, "r")))
                .isEqualTo("GET /users 200\n");
    }
}
