package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Where the libraries' own counters go: Caffeine's stats ({@code cache.gets}, {@code cache.evictions}
 * … tagged {@code cache=<name>}) and Lettuce's command latencies ({@code lettuce.command.completion} and
 * {@code lettuce.command.firstresponse} per command), into a Micrometer registry (Helidon's metrics run on one), or
 * nowhere.
 */
final class CacheMeters {

    /** Caffeine keeps its counters to itself; Lettuce records nothing. */
    static final CacheMeters NONE = new CacheMeters(null);

    private final MeterRegistry registry;

    private CacheMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    static CacheMeters in(MeterRegistry registry) {
        return new CacheMeters(registry);
    }

    /**
     * Shows Caffeine's own counters of a cache as meters, read when scraped: nothing on the hot path (recording
     * into meters on every get, micrometer's {@code CaffeineStatsCounter}, halved the L1-hit throughput at one
     * connection).
     *
     * @param cache a cache built with {@code recordStats()}
     * @param name  its name in the meters
     */
    void bind(Cache<?, ?> cache, String name) {
        if (registry != null) {
            CaffeineCacheMetrics.monitor(registry, cache, name);
        }
    }

    /** @return Lettuce's recorder of command latencies: a timer per command, no client-side percentiles */
    CommandLatencyRecorder lettuce() {
        return registry == null ? CommandLatencyRecorder.disabled() : new MicrometerCommandLatencyRecorder(registry,
                MicrometerOptions.builder().histogram(false).targetPercentiles(new double[0]).build());
    }
}
