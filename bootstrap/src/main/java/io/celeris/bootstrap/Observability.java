package io.celeris.bootstrap;

import io.celeris.adapter.persistence.Persistence;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.util.function.Supplier;

/**
 * {@code /observe/health} (live, ready) and {@code /observe/metrics} (Prometheus text): the server's own
 * meters plus the pool, the admission queue, and whatever other parts register.
 */
final class Observability {

    private Observability() {
    }

    static ObserveFeature feature(Persistence persistence) {
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
                            .build();
                }, HealthCheckType.READINESS, "database")
                .build();
        registerPoolMeters(persistence);
        return ObserveFeature.just(health, MetricsObserver.create());
    }

    private static void registerPoolMeters(Persistence persistence) {
        MeterRegistry registry = Metrics.globalRegistry();
        gauge(registry, "celeris.db.pool.active", "connections in use", () -> persistence.poolStats().active());
        gauge(registry, "celeris.db.pool.idle", "connections open and free", () -> persistence.poolStats().idle());
        gauge(registry, "celeris.db.pool.pending", "threads waiting inside the pool",
                () -> persistence.poolStats().pending());
        gauge(registry, "celeris.db.pool.max", "most connections the pool opens", () -> persistence.poolStats().max());
        gauge(registry, "celeris.db.admission.waiting", "requests waiting for a database turn",
                persistence::admissionWaiting);
        gauge(registry, "celeris.db.admission.rejected", "requests refused with 503 since start (queue full or timeout)",
                persistence::admissionRejected);
    }

    static <N extends Number> void gauge(MeterRegistry registry, String name, String description, Supplier<N> value) {
        registry.getOrCreate(Gauge.builder(name, value).description(description));
    }
}
