package io.celeris.adapter.cache;

import com.github.benmanes.caffeine.cache.Cache;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where the libraries' own counters go: Caffeine's stats ({@code cache.gets}, {@code cache.evictions}
 * … tagged {@code cache=<name>}) and Lettuce's command latencies ({@code lettuce.command.completion} per command),
 * into a Helidon meter registry, or nowhere.
 *
 * <p>Every meter is registered through Helidon's API, never straight into the Micrometer registry under it: Helidon
 * 4.5's registry takes its own lock and then Micrometer's, while a meter added to Micrometer directly takes them the
 * other way round (Micrometer calls Helidon back). Lettuce's own Micrometer recorder registers its timers on its I/O
 * thread at a command's first answer; with the main thread registering a gauge at that moment, the two deadlocked and
 * the instance never started (3 of 18 starts of three instances at once).
 */
final class CacheMeters {

    /** Caffeine keeps its counters to itself; Lettuce records nothing. */
    static final CacheMeters NONE = new CacheMeters(null);

    /** The registry, or one to come: Helidon's metrics start in parallel with Redis at start-up. */
    private final Future<MeterRegistry> registry;

    private CacheMeters(Future<MeterRegistry> registry) {
        this.registry = registry;
    }

    static CacheMeters in(MeterRegistry registry) {
        return new CacheMeters(CompletableFuture.completedFuture(registry));
    }

    /**
     * @param registry the registry once it is up; caches bound before then wait for it, while Redis commands
     *                 answered before then (the connection's handshake at start-up) are not timed
     */
    static CacheMeters when(Future<MeterRegistry> registry) {
        return new CacheMeters(registry);
    }

    /**
     * Shows Caffeine's own counters of a cache as meters, read when scraped: nothing on the hot path (recording
     * into meters on every get halved the L1-hit throughput at one connection).
     *
     * @param cache a cache built with {@code recordStats()}
     * @param name  its name in the meters
     */
    void bind(Cache<?, ?> cache, String name) {
        if (registry == null) {
            return;
        }
        MeterRegistry registry = awaitRegistry();
        Tag tag = Tag.create("cache", name);
        counter(registry, "cache.gets", cache, c -> c.stats().hitCount(), "reads that found an entry", tag,
                Tag.create("result", "hit"));
        counter(registry, "cache.gets", cache, c -> c.stats().missCount(), "reads that found none", tag,
                Tag.create("result", "miss"));
        counter(registry, "cache.evictions", cache, c -> c.stats().evictionCount(), "entries evicted (size or age)",
                tag);
        counter(registry, "cache.eviction.weight", cache, c -> c.stats().evictionWeight(),
                "weight of the entries evicted", tag);
        registry.getOrCreate(Gauge.builder("cache.size", cache, c -> (double) c.estimatedSize())
                .description("entries held (Caffeine's estimate)").tags(List.of(tag)));
    }

    private MeterRegistry awaitRegistry() {
        try {
            return registry.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the meter registry", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the meter registry did not start", e.getCause());
        }
    }

    private static void counter(MeterRegistry registry, String name, Cache<?, ?> cache,
                                Function<Cache<?, ?>, Long> value, String description, Tag... tags) {
        registry.getOrCreate(FunctionalCounter.builder(name, cache, value).description(description)
                .tags(List.of(tags)));
    }

    /** @return Lettuce's recorder of command latencies: a timer per command, no client-side percentiles */
    CommandLatencyRecorder lettuce() {
        return registry == null ? CommandLatencyRecorder.disabled() : new CommandTimers(registry);
    }

    /** {@code lettuce.command.completion{command=…}}: from a command's sending to its answer. */
    private static final class CommandTimers implements CommandLatencyRecorder {

        private final Future<MeterRegistry> registryToCome;
        private final Map<ProtocolKeyword, Timer> timers = new ConcurrentHashMap<>();

        CommandTimers(Future<MeterRegistry> registry) {
            this.registryToCome = registry;
        }

        @Override
        public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword command,
                                         long firstResponseNanos, long completionNanos) {
            Timer timer = timers.get(command);
            if (timer == null) {
                // Never waits on Lettuce's I/O thread: before the registry is up, the command goes untimed.
                if (!registryToCome.isDone()) {
                    return;
                }
                MeterRegistry registry;
                try {
                    registry = registryToCome.get();
                } catch (InterruptedException | ExecutionException e) {
                    return; // no registry: nothing to time into
                }
                timer = timers.computeIfAbsent(command, c -> registry.getOrCreate(
                        Timer.builder("lettuce.command.completion").description("Redis commands, sent to answered")
                                .tags(List.of(Tag.create("command", c.toString())))
                                // No client-side quantiles (Helidon's default): they cost on Lettuce's I/O thread per
                                // command; count, sum and max as Lettuce's own recorder gave with our options.
                                .percentiles(new double[0])
                                .publishPercentileHistogram(false)));
            }
            timer.record(completionNanos, TimeUnit.NANOSECONDS);
        }
    }
}
