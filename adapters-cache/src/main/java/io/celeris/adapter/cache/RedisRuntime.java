package io.celeris.adapter.cache;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One instance's Redis: Lettuce's threads, one command connection behind a circuit breaker, one invalidation bus
 * (one subscription), and one background thread that connects, probes, beats the heartbeat and notices when Redis
 * is lost and back. Every Redis-backed cache of the instance runs on it; build it once, close it last.
 *
 * <p>Healthy means: connected, circuit closed, subscribed, and hearing the bus (our own heartbeat at least). Every
 * way out of it is logged as a WARNING and makes every cache degraded (generational caches cache nothing; L1 entries
 * live their degraded lifetime unless the bus heard every message all along); the way back tells every cache to drop
 * what it may have missed, replay the deletes it could not make, and then the bus replays the invalidations it could
 * not publish.
 */
public final class RedisRuntime implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RedisRuntime.class.getName());

    /** How often connections, the circuit and the subscription are checked in the background. */
    static final long CHECK_MILLIS = 100;
    /** A heartbeat every this many checks. */
    private static final int HEARTBEAT_EVERY = 2;
    /**
     * A subscription silent this long is taken as lost: ten heartbeats missed (fewer, and a loaded machine that
     * leaves our thread unscheduled for a second would clear every L1 for nothing).
     */
    static final Duration SILENCE = Duration.ofMillis(CHECK_MILLIS * HEARTBEAT_EVERY * 10);

    /** A cache on this runtime. */
    interface Member {

        /** Redis is lost: stop trusting what cannot be heard any more. Must not block (runs on I/O threads). */
        void degraded();

        /**
         * Redis is back (or reached for the first time).
         *
         * @param again  true if it had been reached before: another instance's write may not have reached Redis
         * @param missed true if invalidations may have been missed, so nothing held in process is to be trusted: the
         *               subscription dropped or went silent meanwhile, or (the first time) the caches served before
         *               they could hear any
         */
        void recovered(boolean again, boolean missed);

        /**
         * Replays what could not be done while Redis was unreachable.
         *
         * @return true when nothing waits any more
         */
        boolean catchUp();
    }

    private final RedisSettings settings;
    private final CacheMeters meters;
    private final ClientResources resources;
    private final ScheduledExecutorService scheduler;
    private final RedisConnector connector;
    final RedisLink link;
    final InvalidationBus bus;
    private final List<Member> members = new CopyOnWriteArrayList<>();
    // Starts degraded: nothing is connected yet; the first recovery clears what was cached meanwhile.
    private final AtomicBoolean degraded = new AtomicBoolean(true);
    private final AtomicBoolean everHealthy = new AtomicBoolean();
    private final AtomicBoolean recoveryQueued = new AtomicBoolean();
    /**
     * Since the runtime went degraded, the bus may have missed messages: the subscription dropped, or it went silent
     * (starts true: nothing was heard yet). Only then are L1 entries capped at their degraded lifetime and cleared on
     * the way back. A circuit opened by slow commands while every message was heard (a saturated machine: commands
     * wait longer than the timeout for a thread) leaves L1 as coherent as it was; clearing it then made every
     * recovery a burst of misses that slowed commands again.
     */
    private volatile boolean missed = true;
    private final CompletableFuture<Void> firstHealthy = new CompletableFuture<>();
    private long checks;

    private RedisRuntime(RedisSettings settings, CacheMeters meters) {
        this.settings = settings;
        this.meters = meters;
        // A cache needs few threads; reconnect quickly (capped at 1 s) so recovery is prompt. Two I/O threads and
        // two computation threads are Lettuce's minimum (it raises a smaller size to 2 and logs so).
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .commandLatencyRecorder(meters.lettuce())
                // Every command is written and flushed on its own (a write syscall each, and a read for Redis); many
                // request threads share one connection, so flushes queued together go out in one write.
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channel.pipeline().addFirst(new FlushConsolidationHandler(
                                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
                    }
                })
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                .name("celeris-redis")
                .daemon(true)
                .factory());
        this.connector = RedisConnector.create(settings, resources);
        this.link = new RedisLink(connector, settings);
        this.bus = new InvalidationBus(connector, link, settings.keyPrefix() + "invalidations", SILENCE,
                new InvalidationBus.Lifecycle() {
                    @Override
                    public void subscriptionLost() {
                        missed = true;
                        degrade("the invalidation subscription dropped");
                    }

                    @Override
                    public void resubscribed() {
                        // Messages sent while we were away are lost. Degraded until settle() sees us healthy and
                        // the caches clear L1; that talks to Redis, so it must not run here, on an I/O thread.
                        missed = true;
                        degrade("resubscribed to invalidations: those sent meanwhile are lost");
                        scheduler.execute(RedisRuntime.this::settle);
                    }
                });
    }

    /**
     * Builds the runtime and waits up to the connect timeout, once, for it to reach Redis (see {@link #open}).
     *
     * @param settings where Redis is, its timeouts, circuit breaker and degraded lifetime (namespaces and lifetimes
     *                 are the caches')
     * @param meters   where Lettuce's command latencies and the caches' Caffeine counters go
     * @return the running runtime; close it after every cache on it
     */
    static RedisRuntime start(RedisSettings settings, CacheMeters meters) {
        var runtime = open(settings, meters);
        runtime.awaitStart();
        return runtime;
    }

    /**
     * Builds the runtime and returns at once: it connects and subscribes in the background, and caches built on it
     * serve degraded (L1 alone, entries at their degraded lifetime, cleared when Redis is first reached) until it is
     * healthy. {@link #starting()} is true until Redis is first reached or the connect timeout has passed; after
     * that, a warning, and the runtime keeps trying.
     *
     * @param settings where Redis is, its timeouts, circuit breaker and degraded lifetime (namespaces and lifetimes
     *                 are the caches')
     * @param meters   where Lettuce's command latencies and the caches' Caffeine counters go
     * @return the running runtime; close it after every cache on it
     */
    static RedisRuntime open(RedisSettings settings, CacheMeters meters) {
        var runtime = new RedisRuntime(settings, meters);
        runtime.firstHealthy.orTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> {
            if (e instanceof TimeoutException) {
                String refused = runtime.link.lastRefusal();
                LOG.warning(() -> "Redis at " + settings.redactedUri() + (refused == null ? " not reachable within "
                        + settings.connectTimeout().toMillis() + " ms of the start"
                        : " refused every connection within " + settings.connectTimeout().toMillis()
                                + " ms of the start (" + refused + ")")
                        + ": caches serve degraded and keep trying");
            }
            return null;
        });
        runtime.scheduler.scheduleWithFixedDelay(runtime::check, 0, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        return runtime;
    }

    /**
     * @return true from the start until Redis is first reached or the connect timeout has passed, whichever is first
     */
    public boolean starting() {
        return !firstHealthy.isDone();
    }

    /**
     * While {@link #starting()}: waits until Redis is first reached (and the caches told) or the connect timeout has
     * passed. Writes call it before they invalidate: an instance that takes a write while it starts tells the others
     * at once, as it did when the start waited for Redis, rather than after a replay. Free once started.
     */
    void awaitStart() {
        if (!firstHealthy.isDone()) {
            firstHealthy.exceptionally(e -> null).join();
        }
    }

    /** @return where the caches on this runtime record their Caffeine counters */
    CacheMeters meters() {
        return meters;
    }

    /** @return the settings the runtime was built with */
    RedisSettings settings() {
        return settings;
    }

    /**
     * @param namespace     a cache's namespace
     * @param batchedStores true: its loads' stores go in batches ({@link RedisLink#sendBuffered}), for a cache that
     *                      holds what it stored in L1 meanwhile; false: at once, ordered with its lookups
     * @return the namespace's entries in this runtime's Redis, under its key prefix
     */
    RedisStore store(RedisNamespace namespace, boolean batchedStores) {
        return new RedisStore(link, namespace.prefixUnder(settings.keyPrefix()), namespace.lifetime(), batchedStores);
    }

    /** Adds a cache; if Redis is reachable already, the cache is told at once. */
    void join(Member member) {
        members.add(member);
        if (!degraded.get()) {
            member.recovered(false, false);
        }
    }

    void leave(Member member) {
        members.remove(member);
    }

    /**
     * @return true when connected, the circuit is closed and invalidations are being heard
     */
    public boolean healthy() {
        return link.healthy() && bus.hearing();
    }

    /** @return true while the caches must run on L1 alone */
    public boolean degraded() {
        return degraded.get();
    }

    /** @return true while L1 entries may miss invalidations: degraded, and the bus did not hear all along */
    boolean l1Untrusted() {
        return missed && degraded.get();
    }

    /** @return the circuit breaker's state: {@code closed}, {@code open} or {@code half_open} */
    public String circuitState() {
        return link.circuitState();
    }

    /**
     * Notices the moment Redis is lost or back; cheap when nothing changed, so reads call it too. Going degraded
     * happens at once; the way back (L1 cleared, replays: Redis round trips) runs on the background thread, never
     * on a reader's.
     */
    void observe() {
        if (!healthy()) {
            noteSilence();
            if (!degraded.get()) {
                degrade(reason());
            }
        } else if (degraded.get() && recoveryQueued.compareAndSet(false, true)) {
            scheduler.execute(this::settle);
        }
    }

    /** On the background thread: degraded or back, whichever Redis is now. */
    private void settle() {
        recoveryQueued.set(false);
        if (!healthy()) {
            if (!degraded.get()) {
                degrade(reason());
            }
        } else if (degraded.compareAndSet(true, false)) {
            recover();
        }
    }

    private void check() {
        try {
            connect();
            if (checks++ % HEARTBEAT_EVERY == 0 && link.connected()) {
                bus.heartbeat();
            }
            if (degraded.get()) {
                noteSilence();
            }
            settle();
            if (!degraded.get()) {
                catchUp();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Redis background check failed", e);
        }
    }

    /**
     * Connects the command link and subscribes, whichever is not done yet. The first time, at start-up, both at once:
     * the service waits for them ({@link #start}), and each spends most of its time in cold Netty and Lettuce code.
     */
    private void connect() {
        if (checks > 0) {
            link.check();
            bus.subscribeIfNeeded();
            return;
        }
        var subscribing = new FutureTask<Void>(bus::subscribeIfNeeded, null);
        Thread.ofPlatform().name("celeris-redis-subscribe").daemon(true).start(subscribing);
        link.check();
        try {
            subscribing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("subscribing to invalidations failed", e.getCause());
        }
    }

    private void noteSilence() {
        if (!bus.hearing() && !missed) {
            missed = true;
        }
    }

    private void degrade(String why) {
        noteSilence();
        if (degraded.compareAndSet(false, true)) {
            boolean deaf = missed;
            LOG.warning(() -> "Redis at " + settings.redactedUri() + " degraded (" + why + "): caches serve from L1 alone"
                    + (deaf ? ", entries live their degraded time to live" : "; invalidations are still heard"));
            members.forEach(Member::degraded);
        }
    }

    private void recover() {
        boolean again = everHealthy.getAndSet(true);
        // The first time too: what the caches took in before they could hear invalidations goes.
        boolean lost = missed;
        if (!again) {
            LOG.info(() -> "caches connected to Redis at " + settings.redactedUri());
        } else if (lost) {
            LOG.info("Redis is back: caches clear L1 (invalidations may have been missed) and replay theirs");
        } else {
            LOG.info("Redis is back: invalidations were heard all along, so L1 stays; caches replay theirs");
        }
        members.forEach(m -> m.recovered(again, lost));
        missed = false;
        catchUp();
        firstHealthy.complete(null);
    }

    private void catchUp() {
        boolean done = true;
        for (Member m : members) {
            done &= m.catchUp();
        }
        // Only after every delete is made: a message before its delete lets the others read the old entry back.
        if (done && !bus.allPublished()) {
            bus.replayUnpublished();
        }
    }

    private String reason() {
        if (!link.connected()) {
            return "not connected";
        }
        if (!link.healthy()) {
            return "connection down or circuit " + link.circuitState();
        }
        if (!bus.subscribed()) {
            return "not subscribed to invalidations";
        }
        return "no invalidation heartbeat heard for " + SILENCE.toMillis() + " ms";
    }

    /** Closes the bus, the connection and Lettuce's threads; the caches on it must not be used after. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        bus.close();
        link.close();
        connector.close();
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }
}
