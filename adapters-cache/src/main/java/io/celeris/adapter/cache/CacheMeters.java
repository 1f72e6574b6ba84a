package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineStatsCounter;
import java.util.function.Supplier;

/**
 * Where the libraries' own counters go: Caffeine's {@link StatsCounter} ({@code cache.gets}, {@code cache.evictions}
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

    /** @return Caffeine's counters of the cache called {@code name} */
    Supplier<StatsCounter> caffeine(String name) {
        return registry == null ? ConcurrentStatsCounter::new : () -> new CaffeineStatsCounter(registry, name);
    }

    /** @return Lettuce's recorder of command latencies: a timer per command, no client-side percentiles */
    CommandLatencyRecorder lettuce() {
        return registry == null ? CommandLatencyRecorder.disabled() : new MicrometerCommandLatencyRecorder(registry,
                MicrometerOptions.builder().histogram(false).targetPercentiles(new double[0]).build());
    }
}
