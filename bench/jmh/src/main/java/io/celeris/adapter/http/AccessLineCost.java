package io.celeris.adapter.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What an L1 hit's access-log line costs on the request's thread, in parts: the line's text (and its stamp), the whole
 * {@link AccessLog#log} (text, record, the logger's dispatch) into a handler that only hands the record to JMH
 * (the service's asynchronous handler adds its snapshot and enqueue to both), and the response-header lookup that
 * finds the line's {@code Cache-Status} among an L1 hit's headers. Run with {@code -t 2} too: every record takes a
 * number from JUL's one global sequence.
 *
 * <pre>./celeris jmh 'AccessLineCost' -f 2 -wi 3 -i 5 -w 1s -r 2s -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AccessLineCost {

    private static final AccessLog.Entry ENTRY = new AccessLog.Entry("127.0.0.1", "GET",
            "/users/01857544-ac07-74c6-80fa-83c1251e50b4", null, 200, 245, 41_234, "celeris-l1; hit", null,
            "4f1c0e8a9b7d6c5e4f3a2b1c0d9e8f7a");
    private static final Instant AT = Instant.parse("2026-12-02T06:19:01.123456Z");

    private AccessLog accessLog;
    private ServerResponseHeaders headers;
    private Handler handler;

    @Setup
    public void setUp(Blackhole blackhole) {
        accessLog = new AccessLog(AccessLogSettings.TEXT);
        Logger logger = Logger.getLogger(AccessLog.LOGGER);
        logger.setUseParentHandlers(false);
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                blackhole.consume(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        // An L1 hit's answer, as the filters and the route leave it before the access line is written.
        headers = ServerResponseHeaders.create();
        headers.set(RequestContextFilter.REQUEST_ID, "4f1c0e8a9b7d6c5e4f3a2b1c0d9e8f7a");
        headers.set(CheckedHeader.of(CacheStatus.HEADER, "celeris-l1; hit"));
        headers.set(CheckedHeader.of(HeaderNames.CACHE_CONTROL, "private, no-cache"));
        headers.set(CheckedHeader.of(HeaderNames.ETAG, "\"01857544-ac07-74c6-80fa-83c1251e50b4-1\""));
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
    }

    @TearDown
    public void tearDown() {
        Logger.getLogger(AccessLog.LOGGER).removeHandler(handler);
    }

    /** The text line's stamp alone: its time in UTC to the millisecond. */
    @Benchmark
    public String stamp() {
        return Rfc3339.utcMillis(AT);
    }

    /** The line's text alone. */
    @Benchmark
    public String line() {
        return accessLog.line(ENTRY, AT);
    }

    /** The line, its record and the logger's dispatch to its one handler. */
    @Benchmark
    public void log() {
        accessLog.log(ENTRY);
    }

    /** The line's {@code Cache-Status}, looked up among the answer's headers. */
    @Benchmark
    public List<String> cacheStatusLookup() {
        return headers.all(CacheStatus.HEADER, List::of);
    }
}
