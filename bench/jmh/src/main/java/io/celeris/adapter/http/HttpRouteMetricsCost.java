package io.celeris.adapter.http;

import io.helidon.metrics.api.Metrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What the per-route timer adds to a request, on the request's thread: two clock reads, the timer lookup by
 * method, route and status, and the record into a 15-bucket histogram. Compared with the CPU time of an L1-hit
 * request (bench/RESULTS.md), it says the overhead without the noise of a loaded machine's wrk runs. Run with
 * {@code -t 2} too: every request of a hot route records into the same timer.
 *
 * <pre>./celeris jmh 'HttpRouteMetricsCost' -f 1 -wi 3 -i 5 -w 1s -r 2s -t 1</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HttpRouteMetricsCost {

    private HttpRouteMetrics metrics;

    @Setup
    public void setUp() {
        metrics = HttpRouteMetrics.create(Metrics.createMeterRegistry());
    }

    /** The clock reads alone: what a request pays with the timers off too (the baseline). */
    @Benchmark
    public long clockOnly() {
        long start = System.nanoTime();
        return System.nanoTime() - start;
    }

    /** One request's share: the clock reads plus the lookup and the record. */
    @Benchmark
    public void timedRequest() {
        long start = System.nanoTime();
        metrics.record("GET", "/users/{id}", 200, System.nanoTime() - start + 40_000);
    }
}
