package io.celeris.adapter.persistence;

import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.util.concurrent.atomic.LongAdder;

/** What HikariCP reports about each borrow: waits that timed out, time spent acquiring and using connections. */
final class PoolCounters implements MetricsTrackerFactory, IMetricsTracker {

    private final LongAdder timeouts = new LongAdder();
    private final LongAdder acquired = new LongAdder();
    private final LongAdder acquireNanos = new LongAdder();
    private final LongAdder usageMillis = new LongAdder();
    private final LongAdder created = new LongAdder();

    @Override
    public IMetricsTracker create(String poolName, com.zaxxer.hikari.metrics.PoolStats poolStats) {
        return this;
    }

    @Override
    public void recordConnectionCreatedMillis(long millis) {
        created.increment();
    }

    @Override
    public void recordConnectionAcquiredNanos(long nanos) {
        acquired.increment();
        acquireNanos.add(nanos);
    }

    @Override
    public void recordConnectionUsageMillis(long millis) {
        usageMillis.add(millis);
    }

    @Override
    public void recordConnectionTimeout() {
        timeouts.increment();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long acquired() {
        return acquired.sum();
    }

    double acquireSeconds() {
        return acquireNanos.sum() / 1e9;
    }

    double usageSeconds() {
        return usageMillis.sum() / 1e3;
    }

    long created() {
        return created.sum();
    }
}
