package io.celeris.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    private static final AccessLog JSON = new AccessLog(new AccessLogSettings(true, true));
    private static final AccessLog TEXT = new AccessLog(AccessLogSettings.TEXT);
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";
    private static final Instant AT = Instant.parse("2026-12-02T06:19:01.123456Z");
    private static final String STAMP = "2026-12-02T06:19:01.123Z ";
    /** Quotes, backslashes, every kind of control character, non-ASCII in and beyond the BMP, JSON-looking text. */
    private static final List<String> HOSTILE = List.of("plain", "quote \" in", "back\\slash \\\\u0041", "nul \u0000 end",
            "line\nfeed\r\nand\ttab\b\f", "unit sep \u001f del \u007f", "é ü Zoë 中文", "emoji 😀", "ls \u2028 ps \u2029",
            "\",\"status\":200,\"x\":\"", "}{", "");

    /** Every client-controlled field comes back from the JSON line exactly as it went in, each line one line. */
    @Test
    void hostileTextStaysValidJsonOnOneLine() throws Exception {
        for (String s : HOSTILE) {
            String line = JSON.line(new AccessLog.Entry(s, s, s, s, 400, 12, 1_234_567, s, s, s), AT);
            assertThat(line.chars().filter(c -> c < 0x20)).as(line).isEmpty();
            JsonNode json = Json.MAPPER.readTree(line);
            for (String field : List.of("remote", "method", "path", "cache", "token", "request_id")) {
                assertThat(json.path(field).textValue()).as(field + " of " + line).isEqualTo(s);
            }
            // An empty query is no query.
            assertThat(json.path("query").isNull() ? "" : json.path("query").textValue()).as(line).isEqualTo(s);
            assertThat(json.path("status").intValue()).isEqualTo(400);
            assertThat(json.path("bytes").longValue()).isEqualTo(12);
            assertThat(json.path("duration_ms").decimalValue()).isEqualByComparingTo("1.234");
        }
    }

    @Test
    void unknownsAreJsonNulls() throws Exception {
        JsonNode json = Json.MAPPER.readTree(JSON.line(new AccessLog.Entry(null, "GET", "/users", null, 431, 0, -1,
                null, null, "rid"), AT));
        assertThat(json.path("remote").isNull()).isTrue();
        assertThat(json.path("query").isNull()).isTrue();
        assertThat(json.path("duration_ms").isNull()).isTrue();
        assertThat(json.path("cache").isNull()).isTrue();
        assertThat(json.path("token").isNull()).isTrue();
        assertThat(json.path("ts").textValue()).isEqualTo("2026-12-02T06:19:01.123456Z");
        assertThat(json.fieldNames()).toIterable().containsExactly("ts", "remote", "method", "path", "query", "status",
                "bytes", "duration_ms", "cache", "token", "request_id");
    }

    /** A traced request's line names its trace and span, in both formats; an untraced one has no such fields. */
    @Test
    void traceAndSpanIdsOnlyWhenTraced() throws Exception {
        var traced = new AccessLog.Entry("127.0.0.1", "GET", "/users", null, 200, 10, 2_000_000, null, null, "rid",
                TRACE_ID, SPAN_ID);
        JsonNode json = Json.MAPPER.readTree(JSON.line(traced, AT));
        assertThat(json.path("trace_id").textValue()).isEqualTo(TRACE_ID);
        assertThat(json.path("span_id").textValue()).isEqualTo(SPAN_ID);
        assertThat(json.path("request_id").textValue()).isEqualTo("rid");
        // The request id stays the last field of a text line.
        assertThat(TEXT.line(traced, AT)).isEqualTo(STAMP
                + "127.0.0.1 \"GET /users\" 200 10 2.000ms cache=\"-\" token=- trace_id="
                + TRACE_ID + " span_id=" + SPAN_ID + " id=rid");

        var untraced = new AccessLog.Entry("127.0.0.1", "GET", "/users", null, 200, 10, 2_000_000, null, null, "rid");
        assertThat(Json.MAPPER.readTree(JSON.line(untraced, AT)).has("trace_id")).isFalse();
        assertThat(Json.MAPPER.readTree(JSON.line(untraced, AT)).has("span_id")).isFalse();
        assertThat(TEXT.line(untraced, AT))
                .isEqualTo(STAMP + "127.0.0.1 \"GET /users\" 200 10 2.000ms cache=\"-\" token=- id=rid");
    }

    @Test
    void aTextLineNamesEveryFieldInItsPlace() {
        assertThat(TEXT.line(new AccessLog.Entry("127.0.0.1", "GET", "/users/0190d7a2-0000-7000-8000-000000000001",
                null, 200, 490, 561_999, "celeris-l1; hit", null, "35831db7"), AT))
                .isEqualTo(STAMP + "127.0.0.1 \"GET /users/0190d7a2-0000-7000-8000-000000000001\" 200 490 0.561ms"
                        + " cache=\"celeris-l1; hit\" token=- id=35831db7");
        assertThat(TEXT.line(new AccessLog.Entry(null, "POST", "/users", "a=1&b", 201, 12, 12_345_678_901L, null, "ci",
                "r1"), AT))
                .isEqualTo(STAMP + "- \"POST /users?a=1&b\" 201 12 12345.678ms cache=\"-\" token=ci id=r1");
        assertThat(TEXT.line(new AccessLog.Entry("::1", "GET", "/x", "", 431, 0, -1, null, null, "r2"), AT))
                .isEqualTo(STAMP + "::1 \"GET /x\" 431 0 - cache=\"-\" token=- id=r2");
        assertThat(TEXT.line(new AccessLog.Entry("10.0.0.1", "GET", "/a", null, 200, 1, 5_000, null, null, "r3"), AT))
                .contains(" 0.005ms ");
        assertThat(TEXT.line(new AccessLog.Entry("10.0.0.1", "GET", "/a", null, 200, 1, 45_000, null, null, "r3"), AT))
                .contains(" 0.045ms ");
    }

    /** Client text cannot end the line, forge a field or hide in control characters: each such character is a ?. */
    @Test
    void aTextLineIsOneLineWhateverTheClientSent() {
        for (String s : HOSTILE) {
            String line = TEXT.line(new AccessLog.Entry("127.0.0.1", s, s, s, 400, 0, 1_000, null, null, "r"), AT);
            assertThat(line.chars().filter(c -> c < 0x20 || c == 0x7f)).as(line).isEmpty();
            // The request part is quoted once, at its start and end: no quote from the client survives.
            assertThat(line.chars().filter(c -> c == '"')).as(line).hasSize(4);
        }
        assertThat(TEXT.line(new AccessLog.Entry("127.0.0.1", "GET", "/a\"b\n\u007f", "q=\"\r", 400, 0, 1_000, null,
                null, "r"), AT)).startsWith(STAMP + "127.0.0.1 \"GET /a?b???q=??\" 400 ");
    }

    /** A text line's stamp is always 24 characters, truncated to the millisecond, whatever the instant's fraction. */
    @Test
    void aTextLineStartsWithItsTimeToTheMillisecond() {
        var e = new AccessLog.Entry("::1", "GET", "/x", null, 200, 0, 1_000, null, null, "r");
        assertThat(TEXT.line(e, Instant.parse("2026-01-01T00:00:00Z"))).startsWith("2026-01-01T00:00:00.000Z ::1 ");
        assertThat(TEXT.line(e, Instant.parse("2026-12-31T23:59:59.999999999Z")))
                .startsWith("2026-12-31T23:59:59.999Z ::1 ");
        assertThat(TEXT.line(e, Instant.parse("2026-03-04T05:06:07.080Z"))).startsWith("2026-03-04T05:06:07.080Z ::1 ");
        // The same millisecond again (its stamp is kept), then the next one, then an earlier one.
        assertThat(TEXT.line(e, Instant.parse("2026-03-04T05:06:07.080999Z"))).startsWith("2026-03-04T05:06:07.080Z ");
        assertThat(TEXT.line(e, Instant.parse("2026-03-04T05:06:07.081Z"))).startsWith("2026-03-04T05:06:07.081Z ");
        assertThat(TEXT.line(e, Instant.parse("1969-12-31T23:59:59.999500Z"))).startsWith("1969-12-31T23:59:59.999Z ");
    }

    /** Through the logger: the line is stamped with the instant of the record that carries it (one clock read). */
    @Test
    void theStampIsTheRecordsOwnInstant() {
        Logger logger = Logger.getLogger(AccessLog.LOGGER);
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            TEXT.log(new AccessLog.Entry("::1", "GET", "/x", null, 200, 0, 1_000, null, null, "stamp-test"));
            JSON.log(new AccessLog.Entry("::1", "GET", "/x", null, 200, 0, 1_000, null, null, "stamp-test"));
        } finally {
            logger.removeHandler(capture);
        }
        List<LogRecord> ours = records.stream().filter(r -> r.getMessage().contains("stamp-test")).toList();
        assertThat(ours).hasSize(2);
        LogRecord text = ours.get(0);
        assertThat(text.getMessage()).startsWith(
                Rfc3339.utcMillis(text.getInstant()) + " ::1 \"GET /x\" 200 ");
        LogRecord json = ours.get(1);
        assertThat(json.getMessage()).startsWith("{\"ts\":\"" + Rfc3339.utc(json.getInstant()) + "\",");
    }
}
