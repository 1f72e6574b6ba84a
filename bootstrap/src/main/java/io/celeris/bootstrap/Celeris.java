package io.celeris.bootstrap;

import io.celeris.adapter.cache.Caches;
import io.celeris.adapter.cache.RedisRuntime;
import io.celeris.adapter.http.Drain;
import io.celeris.adapter.http.HttpAdapter;
import io.celeris.adapter.http.HttpRouteMetrics;
import io.celeris.adapter.http.HttpSettings;
import io.celeris.adapter.http.UsersHttpService;
import io.celeris.adapter.persistence.DatabaseSettings;
import io.celeris.adapter.persistence.EmbeddedImage;
import io.celeris.adapter.persistence.Persistence;
import io.celeris.application.PagingSettings;
import io.celeris.application.port.in.ClearCachesUseCase;
import io.celeris.application.port.out.CachePort;
import io.celeris.application.port.out.UserRepository;
import io.celeris.application.service.ClearCachesService;
import io.celeris.application.service.CreateUserService;
import io.celeris.application.service.DeleteUserService;
import io.celeris.application.service.GetUserService;
import io.celeris.application.service.ListUsersByCursorService;
import io.celeris.application.service.ListUsersByOffsetService;
import io.celeris.application.service.UpdateUserService;
import io.celeris.application.port.out.FirstPage;
import io.celeris.application.service.UserCaches;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserId;
import io.helidon.config.Config;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.openapi.OpenApiFeature;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.opentelemetry.api.trace.Tracer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.logging.Logger;

/**
 * The application, wired by hand from configuration: adapters built, handed to the use cases, the
 * use cases handed to the HTTP adapter, the server started. Read it top to bottom.
 */
public final class Celeris implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Celeris.class.getName());

    private final Persistence persistence;
    private final WebServer server;
    private final Drain drain;
    /** Cache clients and the like, closed after the server stops and before the pool. */
    private final List<AutoCloseable> resources;
    private boolean closed;

    private Celeris(Persistence persistence, WebServer server, Drain drain, List<AutoCloseable> resources) {
        this.persistence = persistence;
        this.server = server;
        this.drain = drain;
        this.resources = resources;
    }

    /**
     * Builds and starts everything.
     *
     * @param config the configuration
     * @return the running application
     */
    public static Celeris start(Config config) {
        try {
            return start(config, true);
        } catch (ImageRefused e) {
            // An image this H2 cannot open, or whose schema Flyway refuses (another version's, damaged): deleted, and
            // the start begins again without it (its demo load writes the image again).
            LOG.warning(() -> "the embedded database image " + e.image + " did not open (" + e.getCause().getMessage()
                    + "): deleted; starting again, loading the demo users instead");
            return start(config, false);
        }
    }

    private static Celeris start(Config config, boolean useImage) {
        Clock clock = Clock.systemUTC();
        Settings.checkServer(config);
        DatabaseSettings database = Settings.database(config);
        int demoCount = database.embedded() ? Settings.demoUsers(config) : 0;
        // An image of the embedded database with its demo users, from an earlier start: copied back (about 20 ms) instead
        // of loading the users again (the H2 start's largest step: 0.9 of its 2.2 s of CPU, with what the JIT compiles
        // for it).
        Optional<Path> demoImage = demoCount > 0 ? Settings.demoImage(config, demoCount) : Optional.empty();
        boolean restored = useImage && demoImage.map(image -> restore(database, image)).orElse(false);
        // Helidon's metrics take a few hundred ms to start; Redis need not wait for them (see redis()).
        FutureTask<MeterRegistry> metricsStart = inParallel("celeris-start-metrics", Observability::libraryMeters);
        // Redis's client is built while the pool opens and Flyway migrates; it connects in the background, and the
        // service answers meanwhile from L1 alone (not ready until Redis answers or the connect timeout has passed).
        FutureTask<Optional<RedisRuntime>> redisStart = inParallel("celeris-start-redis",
                () -> redis(config, metricsStart));
        // The demo users are made while the pool opens and Flyway migrates (about a tenth of an H2 start).
        FutureTask<List<User>> demoUsers = demoCount > 0 && !restored
                ? inParallel("celeris-start-demo", () -> DemoData.users(demoCount, clock.instant())) : null;
        Persistence persistence;
        try {
            persistence = Persistence.open(database, Settings.replica(config));
        } catch (RuntimeException e) {
            closeQuietly(redisStart);
            throw restored ? refused(database, demoImage.get(), e) : e;
        }
        // Flyway checks and applies the migrations while the rest is built; the demo load and the server's start wait
        // for it (on a start with nothing to apply, its 100-150 ms overlap the server's build).
        FutureTask<Void> migrated = inParallel("celeris-start-migrate", () -> {
            persistence.migrate();
            return null;
        });
        Optional<RedisRuntime> redis;
        try {
            redis = await(redisStart);
        } catch (RuntimeException e) {
            awaitQuietly(migrated);
            persistence.close();
            throw e;
        }
        var resources = new ArrayList<AutoCloseable>();
        FutureTask<Integer> demo = null;
        try {
            // First in, so closed last: spans of the requests that finish during shutdown are still exported.
            Optional<Tracing> tracing = Tracing.start(config).map(t -> closing(t, resources));
            redis.ifPresent(r -> closing(r, resources));
            if (demoUsers != null) {
                // Loaded while the caches and the server are built; the server starts only once it is done, so the
                // first request already sees every demo user (and nothing is cached before it).
                demo = inParallel("celeris-start-demo", () -> {
                    await(migrated);
                    return DemoData.loadIfEmpty(persistence.userRepository(), await(demoUsers));
                });
            }
            UserRepository users = tracing.map(t -> persistence.userRepository(t.tracer()))
                    .orElseGet(persistence::userRepository);
            HttpSettings http = Settings.http(config);
            Settings.securityWarnings(config, http).forEach(LOG::warning);
            var byId = usersById(config, redis, resources);
            var pages = byId.isEmpty() ? Optional.<Caches.Instrumented<FirstPage, List<User>>>empty()
                    : firstPages(config, redis, resources);
            UserCaches untraced = caches(config, byId, pages, redis, resources);
            UserCaches caches = tracing.map(t -> traced(untraced, t.tracer())).orElse(untraced);
            UsersHttpService usersHttp = usersHttpService(users, caches, Settings.paging(config), http, clock);

            Optional<HttpRouteMetrics> routeMetrics = Settings.httpRouteMetrics(config)
                    ? Optional.of(HttpRouteMetrics.create(Metrics.globalRegistry())) : Optional.empty();
            var serverConfig = WebServer.builder().config(config.get("server"));
            var drain = new Drain();
            // Helidon's own answers (problem+json, request id, access-log line, counted per route, a span each)
            // and the slow-client timeouts.
            resources.add(HttpAdapter.transport(serverConfig, Settings.transport(config), http.accessLog(),
                    handlers -> {
                        var counted = routeMetrics.map(m -> m.counting(handlers)).orElse(handlers);
                        return tracing.map(t -> t.spanning(counted)).orElse(counted);
                    }));
            WebServer server = serverConfig
                    .addFeature(Observability.feature(config.get("metrics"), persistence, redis, byId, pages))
                    // The static document META-INF/openapi.yaml, served at /openapi.
                    .addFeature(OpenApiFeature.create())
                    .routing(routing -> {
                        // First filter: it times what every later filter, route and error handler does.
                        routeMetrics.ifPresent(m -> routing.addFilter(m.filter()));
                        // Before the adapter's filters: their work and their log lines belong to the request's span.
                        tracing.ifPresent(t -> routing.addFilter(t.filter()));
                        routing(routing, usersHttp, new ClearCachesService(caches), http, drain);
                    })
                    .build();
            try {
                await(migrated);
            } catch (RuntimeException e) {
                throw restored ? new ImageRefused(demoImage.get(), e) : e;
            }
            if (demo != null) {
                int loaded = await(demo);
                if (loaded > 0) {
                    LOG.info(() -> "loaded " + loaded + " demo users into the embedded database");
                    demoImage.filter(image -> EmbeddedImage.supports(database.url()))
                            .ifPresent(image -> saveImage(persistence, image));
                }
            }
            server.start();
            if (!server.isRunning()) {
                // Helidon logs the cause (port taken, ...) and returns a stopped server.
                throw new IllegalStateException("the web server did not start; see the log above");
            }
            return new Celeris(persistence, server, drain, resources);
        } catch (RuntimeException e) {
            if (demo != null) {
                awaitQuietly(demo); // it writes through the pool closed below
            }
            awaitQuietly(migrated); // so does Flyway
            redis.filter(r -> !resources.contains(r)).ifPresent(RedisRuntime::close);
            closeAll(resources);
            persistence.close();
            throw e instanceof ImageRefused refused ? refused(database, refused.image, refused.getCause()) : e;
        }
    }

    /** The restored image did not open or Flyway refused it: the start begins again without an image. */
    private static final class ImageRefused extends RuntimeException {
        private final transient Path image;

        ImageRefused(Path image, Throwable cause) {
            super(cause.getMessage(), cause);
            this.image = image;
        }
    }

    /** Once nothing uses the restored database any more: it and its image are removed. */
    private static ImageRefused refused(DatabaseSettings database, Path image, Throwable cause) {
        EmbeddedImage.discard(database);
        deleteQuietly(image);
        return new ImageRefused(image, cause);
    }

    /** Puts the image of the embedded database back, if there is one and the database is a memFS one. */
    private static boolean restore(DatabaseSettings database, Path image) {
        if (!EmbeddedImage.supports(database.url())) {
            LOG.warning(() -> "celeris.demo.image is set but " + database.url() + " is not a jdbc:h2:memFS: database:"
                    + " no image is restored or saved");
            return false;
        }
        try {
            boolean restored = EmbeddedImage.restore(database.url(), image);
            if (restored) {
                LOG.info(() -> "restored the embedded database and its demo users from " + image);
            }
            return restored;
        } catch (java.io.UncheckedIOException e) {
            LOG.warning(() -> e.getMessage() + " (" + e.getCause().getMessage() + "): loading the demo users instead");
            return false;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            LOG.warning(() -> "could not delete " + file + ": " + e.getMessage());
        }
    }

    /** Before the server starts (nothing writes yet); a failure only costs the next start the demo load. */
    private static void saveImage(Persistence persistence, Path image) {
        try {
            persistence.saveImage(image);
            LOG.info(() -> "saved the embedded database to " + image + ": the next start restores it instead of loading"
                    + " the demo users");
        } catch (RuntimeException e) {
            LOG.warning(() -> "the embedded database could not be saved to " + image + ": " + e.getMessage());
        }
    }

    /** A step of the start on a thread of its own, while the caller goes on; {@link #await} its result. */
    private static <T> FutureTask<T> inParallel(String name, Callable<T> step) {
        var task = new FutureTask<>(step);
        Thread.ofPlatform().name(name).start(task);
        return task;
    }

    /** The step's result; its exception as thrown by the step. */
    private static <T> T await(FutureTask<T> step) {
        try {
            return step.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void awaitQuietly(FutureTask<?> step) {
        try {
            await(step);
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, "a start step failed while the start was failing anyway", e);
        }
    }

    /** When the database did not start: the Redis runtime, once it is built, closed. */
    private static void closeQuietly(FutureTask<Optional<RedisRuntime>> redisStart) {
        try {
            Optional<RedisRuntime> redis = await(redisStart);
            redis.ifPresent(RedisRuntime::close);
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.FINE, "Redis did not start either", e);
        }
    }

    /**
     * The routes of the service; tests reuse it on an in-memory routing.
     *
     * @param routing   the routing to fill
     * @param usersHttp   the users service
     * @param clearCaches the admin clear operation
     * @param http        HTTP settings
     * @param drain       begun when the service stops
     */
    static void routing(HttpRouting.Builder routing, UsersHttpService usersHttp, ClearCachesUseCase clearCaches,
                        HttpSettings http, Drain drain) {
        HttpAdapter.routing(routing, usersHttp, clearCaches, http, drain);
    }

    static UsersHttpService usersHttpService(UserRepository users, UserCaches caches, PagingSettings paging,
                                             HttpSettings http, Clock clock) {
        return new UsersHttpService(
                new CreateUserService(users, caches, clock),
                new GetUserService(users, caches),
                new UpdateUserService(users, caches, clock),
                new DeleteUserService(users, caches),
                new ListUsersByOffsetService(users, caches, paging),
                new ListUsersByCursorService(users, caches, paging),
                http);
    }

    /**
     * The instance's one Redis runtime (one client, one command connection, one invalidation subscription), shared
     * by every Redis-backed cache; only when the cache is on and {@code REDIS_URL} is set.
     */
    private static Optional<RedisRuntime> redis(Config config, Future<MeterRegistry> meters) {
        var settings = Settings.redis(config);
        if (!Settings.cacheEnabled(config) || settings.isEmpty()) {
            return Optional.empty();
        }
        LOG.info(() -> "caches in process over Redis at " + settings.get().redactedUri());
        return Optional.of(Caches.connect(settings.get(), meters));
    }

    /**
     * Users by id and first pages of listings in process, over Redis when {@code REDIS_URL} is set; the
     * negative entries stay in process; totals are shared over Redis like first pages.
     */
    private static UserCaches caches(Config config, Optional<Caches.Instrumented<UserId, User>> byId,
                                     Optional<Caches.Instrumented<FirstPage, List<User>>> pages,
                                     Optional<RedisRuntime> redis, List<AutoCloseable> resources) {
        var totalsL1 = Settings.totals(config, 10_000);
        if (byId.isEmpty()) {
            return new UserCaches(CachePort.none(), CachePort.none(),
                    Caches.inProcess(totalsL1, "total", Observability.libraryMeters()));
        }
        // With Redis, exact totals are shared and dropped on every instance by every write, like first pages; alone,
        // each instance drops its own on its own writes (another instance's write shows within count-cache-ttl).
        CachePort<UserFilter, Long> totals = redis.isEmpty()
                ? Caches.inProcess(totalsL1, "total", Observability.libraryMeters())
                : closing(Caches.totals(totalsL1, redis.get()), resources);
        var absent = Caches.<UserId, Boolean>inProcess(Settings.misses(config, 100_000), "absent",
                Observability.libraryMeters());
        return new UserCaches(byId.get(), absent, totals,
                pages.<CachePort<FirstPage, List<User>>>map(p -> p).orElse(CachePort.none()));
    }

    /** Every cache's operations as spans under the request's (what the tiers answered, what the loads cost). */
    private static UserCaches traced(UserCaches caches, Tracer tracer) {
        return new UserCaches(traced(caches.byId(), "user", tracer), traced(caches.misses(), "absent", tracer),
                traced(caches.totals(), "total", tracer), traced(caches.firstPages(), "page", tracer));
    }

    /** A cache that is switched off stores nothing: no span for it, its loads are the database's spans. */
    private static <K, V> CachePort<K, V> traced(CachePort<K, V> cache, String name, Tracer tracer) {
        return cache.stores() ? Caches.traced(cache, name, tracer) : cache;
    }

    private static <C extends AutoCloseable> C closing(C resource, List<AutoCloseable> resources) {
        resources.add(resource);
        return resource;
    }

    private static Optional<Caches.Instrumented<FirstPage, List<User>>> firstPages(Config config,
                                                                                   Optional<RedisRuntime> redis,
                                                                                   List<AutoCloseable> resources) {
        var l1 = Settings.pages(config);
        if (l1.isEmpty()) {
            return Optional.empty();
        }
        if (redis.isEmpty()) {
            return Optional.of(Caches.inProcess(l1.get(), "page", Observability.libraryMeters()));
        }
        return Optional.of(closing(Caches.firstPages(l1.get(), redis.get()), resources));
    }

    private static Optional<Caches.Instrumented<UserId, User>> usersById(Config config, Optional<RedisRuntime> redis,
                                                                        List<AutoCloseable> resources) {
        if (!Settings.cacheEnabled(config)) {
            return Optional.empty();
        }
        if (redis.isEmpty()) {
            return Optional.of(Caches.inProcess(Settings.l1(config), "user", Observability.libraryMeters()));
        }
        return Optional.of(closing(Caches.usersById(Settings.l1(config), Settings.usersInRedis(config), redis.get()),
                resources));
    }

    /** Closes in the reverse order of building: the caches before the Redis runtime under them. */
    private static void closeAll(List<AutoCloseable> resources) {
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.log(java.util.logging.Level.WARNING, "could not close " + r, e);
            }
        }
    }

    /** The persistence adapter as started (tests read the pool it sized). */
    Persistence persistence() {
        return persistence;
    }

    /**
     * @return the port the server listens on
     */
    public int port() {
        return server.port();
    }

    /** Stops taking requests, lets those in flight finish, then closes the pool. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping: no new requests; in-flight ones may finish");
        // Answers from now on close their connections: none keeps serving through the grace period.
        drain.begin();
        server.stop();
        // stop() returns once the grace period is over even if threads it interrupted are still in a request;
        // those finish (and write their access-log lines) before the pool and the logs close.
        if (!drain.awaitIdle(server.prototype().shutdownGracePeriod())) {
            LOG.warning(() -> drain.inFlight() + " requests still running after the server stopped");
        }
        closeAll(resources);
        persistence.close();
        LOG.info("stopped");
    }
}
