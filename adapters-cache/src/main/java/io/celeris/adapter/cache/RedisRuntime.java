package io.celeris.adapter.cache;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a Redis-backed cache owns and must close: Lettuce's threads, the background checker, the
 * command link and the store on top of it.
 */
final class RedisRuntime implements AutoCloseable {

    /** How often connections, the circuit and the subscription are checked in the background. */
    static final long CHECK_MILLIS = 100;

    final ClientResources resources;
    final ScheduledExecutorService scheduler;
    final RedisConnector commandConnector;
    final RedisLink link;
    final RedisStore store;

    RedisRuntime(RedisSettings settings, Counters counters, Runnable onCheck) {
        // A cache needs few threads; reconnect quickly (capped at 1 s) so recovery is prompt.
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(1)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("celeris-cache-" + settings.namespace())
                .daemon(true)
                .factory());
        this.commandConnector = RedisConnector.create(settings, resources);
        this.link = new RedisLink(commandConnector, settings, counters, onCheck);
        this.store = new RedisStore(link, settings);
    }

    /** Starts connecting in the background; call once the owner is fully built. */
    void start() {
        link.start(scheduler, CHECK_MILLIS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        link.close();
        commandConnector.close();
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }
}
