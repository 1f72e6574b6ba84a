package io.celeris.bootstrap;

import io.celeris.adapter.cache.Caches;
import io.celeris.adapter.http.HttpAdapter;
import io.celeris.adapter.cache.RedisRuntime;
import io.celeris.adapter.persistence.Persistence;
import io.celeris.bootstrap.logging.AsyncStats;
import io.celeris.bootstrap.logging.Logging;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserId;
import io.helidon.config.Config;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * {@code /observe/health} (live, ready) and {@code /observe/metrics} (Prometheus text): the server's own
 * meters plus the pool, the admission queue, and whatever other parts register.
 */
final class Observability {

    private Observability() {
    }

    static ObserveFeature feature(Config metricsConfig, Persistence persistence, Optional<RedisRuntime> redisRuntime,
                                  Optional<Caches.Instrumented<UserId, User>> cache,
                                  Optional<? extends Caches.Instrumented<?, ?>> pages) {
        var health = HealthObserver.builder()
                .details(true)
                .addCheck(() -> {
                    boolean up = persistence.ping();
                    var stats = persistence.poolStats();
                    return HealthCheckResponse.builder()
                            .status(up)
                            .detail("active", stats.active())
                            .detail("idle", stats.idle())
                            .detail("max", stats.max())
                            .detail("breaker", persistence.unavailable() ? "open" : "closed")
                            .build();
                }, HealthCheckType.READINESS, "database");
        if (persistence.replicaStats().isPresent()) {
            // Without the replica the service still answers (every read from the primary): it stays ready and says
            // where reads go.
            health.addCheck(() -> {
                var replica = persistence.replicaStats().orElseThrow();
                return HealthCheckResponse.builder()
                        .status(true)
                        .detail("state", replica.state())
                        .detail("lag_ms", replica.lag().toMillis())
                        .detail("replayed", replica.replayed())
                        .detail("active", replica.pool().active())
                        .detail("idle", replica.pool().idle())
                        .build();
            }, HealthCheckType.READINESS, "database-replica");
            registerReplicaMeters(persistence);
        }
        redisRuntime.ifPresent(redis -> health.addCheck(() -> {
            // Without Redis the service still answers (L1, then the database, shorter L1 lifetimes): it stays ready
            // and says it is degraded. Only while it first connects (up to the connect timeout) is it not ready yet,
            // so that a load balancer sends traffic once the caches are shared, as soon as that can be.
            return HealthCheckResponse.builder()
                    .status(!redis.starting())
                    .detail("starting", redis.starting())
                    .detail("redis", redis.healthy() ? "up" : "down")
                    .detail("degraded", redis.degraded())
                    .detail("circuit", redis.circuitState())
                    .build();
        }, HealthCheckType.READINESS, "cache"));
        registerPoolMeters(persistence);
        cache.ifPresent(c -> registerCacheMeters("celeris.cache", c));
        pages.ifPresent(p -> registerCacheMeters("celeris.cache.pages", p));
        registerLogMeters();
        registerTransportMeters();
        return ObserveFeature.just(health.build(), MetricsObserver.create(metricsConfig));
    }

    private static void registerPoolMeters(Persistence persistence) {
        MeterRegistry registry = Metrics.globalRegistry();
        gauge(registry, "celeris.db.pool.active", "connections in use", () -> persistence.poolStats().active());
        gauge(registry, "celeris.db.pool.idle", "connections open and free", () -> persistence.poolStats().idle());
        gauge(registry, "celeris.db.pool.pending", "threads waiting inside the pool",
                () -> persistence.poolStats().pending());
        gauge(registry, "celeris.db.pool.max", "most connections the pool opens", () -> persistence.poolStats().max());
        gauge(registry, "celeris.db.pool.timeouts", "borrows that gave up after the connection timeout",
                () -> persistence.poolStats().timeouts());
        gauge(registry, "celeris.db.pool.acquired", "connections borrowed", () -> persistence.poolStats().acquired());
        gauge(registry, "celeris.db.pool.acquire.seconds", "time spent waiting for connections",
                () -> persistence.poolStats().acquireSeconds());
        gauge(registry, "celeris.db.pool.usage.seconds", "time connections were held",
                () -> persistence.poolStats().usageSeconds());
        gauge(registry, "celeris.db.admission.waiting", "requests waiting for a database turn",
                persistence::admissionWaiting);
        gauge(registry, "celeris.db.admission.rejected", "requests refused with 503 since start (queue full or timeout)",
                persistence::admissionRejected);
        callsPastDeadline(registry, "primary", persistence::callsPastDeadline);
        gauge(registry, "celeris.db.unavailable", "1 while database work is refused at once (breaker open), else 0",
                () -> persistence.unavailable() ? 1 : 0);
        gauge(registry, "celeris.db.outages", "times the database was found unavailable (breaker opened) since start",
                persistence::outages);
    }

    private static void registerReplicaMeters(Persistence persistence) {
        MeterRegistry registry = Metrics.globalRegistry();
        Supplier<io.celeris.adapter.persistence.ReplicaStats> stats = () -> persistence.replicaStats().orElseThrow();
        gauge(registry, "celeris.db.replica.in.rotation", "1 while the read replica takes reads, else 0",
                () -> stats.get().inRotation() ? 1 : 0);
        gauge(registry, "celeris.db.replica.lag.seconds", "how long the replica has been missing WAL the primary wrote",
                () -> stats.get().lag().toNanos() / 1e9);
        gauge(registry, "celeris.db.replica.reads", "reads the replica answered", () -> stats.get().reads());
        gauge(registry, "celeris.db.replica.fallbacks",
                "reads meant for the replica answered by the primary (replica out, behind the token, or failed)",
                () -> stats.get().fallbacks());
        gauge(registry, "celeris.db.replica.removals", "times the replica was taken out of reads (lag or down)",
                () -> stats.get().removals());
        gauge(registry, "celeris.db.replica.pool.active", "replica connections in use",
                () -> stats.get().pool().active());
        callsPastDeadline(registry, "replica", () -> stats.get().callsPastDeadline());
    }

    /**
     * One series per database, tagged {@code database} ({@code primary}, {@code replica}): one alert covers both. On
     * the replica a read ended so is answered by the primary, 30 s late.
     */
    private static void callsPastDeadline(MeterRegistry registry, String database, Supplier<Long> value) {
        registry.getOrCreate(Gauge.builder("celeris.db.calls.past.deadline", value)
                .tags(List.of(Tag.create("database", database)))
                .description("database calls ended by database.call-timeout since start (the database stopped"
                        + " answering: on the primary each a 503, on the replica a read answered by the primary)"));
    }

    /** What clients did to connections: never 5xx answers, so counted here rather than as statuses. */
    private static void registerTransportMeters() {
        MeterRegistry registry = Metrics.globalRegistry();
        var stats = HttpAdapter.transportStats();
        gauge(registry, "celeris.http.client.aborts", "requests whose client left before the body ended",
                stats::clientAborts);
        gauge(registry, "celeris.http.header.timeouts", "connections closed: headers slower than the header timeout",
                stats::headerTimeouts);
        gauge(registry, "celeris.http.body.timeouts", "connections closed: a body slower than the body timeout",
                stats::bodyTimeouts);
        gauge(registry, "celeris.http.unread.body.closes",
                "connections closed after an answer given before the request body was read to its end",
                stats::unreadBodyCloses);
        gauge(registry, "celeris.http.unread.body.drains",
                "of those, connections that read the rest of the body and dropped it before closing",
                stats::unreadBodyDrains);
    }

    /**
     * The counters of every asynchronous log handler, tagged {@code handler} by its name; the service's two
     * (application and access log) have theirs from the start, in every configuration, reading 0 until the
     * handler exists (JUL builds the access log's with its logger, at the first request).
     */
    static void registerLogMeters() {
        MeterRegistry registry = Metrics.globalRegistry();
        for (String name : Logging.handlerNames()) {
            logGauge(registry, name, "celeris.log.enqueued", "records accepted", AsyncStats::enqueued);
            logGauge(registry, name, "celeris.log.written", "records written", AsyncStats::written);
            logGauge(registry, name, "celeris.log.dropped", "records dropped (queue full, or after close)",
                    AsyncStats::dropped);
            logGauge(registry, name, "celeris.log.write.errors", "records the delegate failed to write (disk full...)",
                    AsyncStats::writeErrors);
            logGauge(registry, name, "celeris.log.queue.depth", "records waiting to be written",
                    AsyncStats::queueDepth);
        }
    }

    private static void logGauge(MeterRegistry registry, String handler, String name, String description,
                                 ToLongFunction<AsyncStats> value) {
        registry.getOrCreate(Gauge.builder(name, () -> Logging.stats(handler).map(value::applyAsLong).orElse(0L))
                .tags(List.of(Tag.create("handler", handler))).description(description));
    }

    /**
     * The meters no library keeps: Caffeine's evictions and Lettuce's command latencies come from the libraries
     * themselves ({@link #libraryMeters}); what is left is the two-tier cache's own.
     *
     * @param prefix {@code celeris.cache} for users by id, {@code celeris.cache.pages} for first pages
     * @param cache  the cache
     */
    private static void registerCacheMeters(String prefix, Caches.Instrumented<?, ?> cache) {
        MeterRegistry registry = Metrics.globalRegistry();
        // A hit is an entry fresh by our clock (jittered lifetime, degraded cap); Caffeine counts any entry present.
        gauge(registry, prefix + ".l1.hits", "reads answered in process", () -> cache.stats().l1().hits());
        gauge(registry, prefix + ".l1.misses", "reads that missed in process", () -> cache.stats().l1().misses());
        // Redis is no cache library: its hits, misses and the loads behind them (single flight over both tiers,
        // outside Caffeine) are counted by the two-tier cache.
        gauge(registry, prefix + ".l2.hits", "reads answered by Redis", () -> cache.stats().l2().hits());
        gauge(registry, prefix + ".l2.misses", "reads that missed in Redis", () -> cache.stats().l2().misses());
        gauge(registry, prefix + ".loads", "values loaded from the database", () -> cache.stats().loads());
        gauge(registry, prefix + ".load.failures", "loads that failed", () -> cache.stats().loadFailures());
        gauge(registry, prefix + ".load.seconds", "time spent loading",
                () -> cache.stats().loadTime().toNanos() / 1e9);
        // Stale-if-error, the bus and the breaker are ours: no library has them.
        gauge(registry, prefix + ".stale.served", "expired entries served because the database failed",
                () -> cache.stats().staleServed());
        gauge(registry, prefix + ".invalidations.sent", "invalidations published", () -> cache.stats().invalidationsSent());
        gauge(registry, prefix + ".invalidations.received", "invalidations heard from other instances",
                () -> cache.stats().invalidationsReceived());
        gauge(registry, prefix + ".l1.clears.reconnect", "L1 cleared because invalidations may have been missed",
                () -> cache.stats().l1ClearsAfterReconnect());
        gauge(registry, prefix + ".redis.errors", "Redis commands that failed or timed out", () -> cache.stats().redisErrors());
        gauge(registry, prefix + ".l2.stores.dropped", "loaded values not sent to Redis: too many stores unanswered",
                () -> cache.stats().storesDropped());
        gauge(registry, prefix + ".degraded", "1 while Redis is unreachable", () -> cache.stats().degraded() ? 1 : 0);
    }

    /**
     * @return where the libraries' own meters go (Caffeine's {@code cache_gets_total{cache=…}},
     *         {@code cache_evictions_total}; Lettuce's {@code lettuce_command_completion_seconds{command=…}}):
     *         Helidon's registry, served at /observe/metrics; the cache adapter registers them through Helidon's API
     *         (see {@code CacheMeters} for why never straight into the Micrometer registry under it)
     */
    static MeterRegistry libraryMeters() {
        return Metrics.globalRegistry();
    }

    static <N extends Number> void gauge(MeterRegistry registry, String name, String description, Supplier<N> value) {
        registry.getOrCreate(Gauge.builder(name, value).description(description));
    }
}
