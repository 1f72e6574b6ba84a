package io.celeris.bootstrap;

import io.celeris.adapter.cache.L1Settings;
import io.celeris.adapter.cache.Lifetime;
import io.celeris.adapter.cache.RedisSettings;
import io.celeris.adapter.http.AccessLogSettings;
import io.celeris.adapter.http.ApiToken;
import io.celeris.adapter.http.ApiTokens;
import io.celeris.adapter.http.ClientAddress;
import io.celeris.adapter.http.HttpSettings;
import io.celeris.adapter.http.Scope;
import io.celeris.adapter.http.TransportSettings;
import io.celeris.adapter.persistence.DatabaseSettings;
import io.celeris.adapter.persistence.ReplicaSettings;
import io.celeris.application.PagingSettings;
import io.celeris.domain.paging.CountMode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads configuration: {@code application.yaml}, overridden by environment variables, overridden
 * by system properties. The documented environment variables (README's table) are mapped to keys
 * here explicitly, so that a name like {@code DATABASE_POOL_MAX_SIZE} need not spell
 * {@code _dash_}; Helidon's own mapping ({@code SERVER_PORT} to {@code server.port}) works too.
 *
 * <p>Every default lives in {@code application.yaml}, once: a key the YAML holds is read here as required (a
 * missing one is a packaging error that stops the start, not a second default to drift apart). The only
 * defaults computed here are those that follow other settings (pool sizes, the admission queue).
 */
final class Settings {

    /** Documented environment variable -> config key. */
    static final Map<String, String> ENV = new LinkedHashMap<>();
    /** Read by {@code ./celeris} (and the README's commands), not by the service. */
    private static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("CELERIS_JAVA_OPTS",
            "CELERIS_DEFAULT_JAVA_OPTS", "CELERIS_AOT");
    private static final java.util.regex.Pattern REDIS_SCHEMES = java.util.regex.Pattern.compile(
            "(redis|rediss|redis-sentinel|rediss-sentinel|redis-socket|redis-cluster|rediss-cluster)://");

    static {
        ENV.put("SERVER_PORT", "server.port");
        ENV.put("SERVER_HOST", "server.host");
        ENV.put("SERVER_MAX_PAYLOAD_SIZE", "server.max-payload-size");
        ENV.put("SERVER_IDLE_CONNECTION_TIMEOUT", "server.idle-connection-timeout");
        ENV.put("SERVER_MAX_TCP_CONNECTIONS", "server.max-tcp-connections");
        ENV.put("CELERIS_HTTP_HEADER_TIMEOUT", "celeris.http.header-timeout");
        ENV.put("CELERIS_HTTP_BODY_TIMEOUT", "celeris.http.body-timeout");
        ENV.put("DATABASE_URL", "database.url");
        ENV.put("DATABASE_USER", "database.user");
        ENV.put("DATABASE_PASSWORD", "database.password");
        ENV.put("DATABASE_CALL_TIMEOUT", "database.call-timeout");
        ENV.put("DATABASE_POOL_NAME", "database.pool.name");
        ENV.put("DATABASE_POOL_MIN_IDLE", "database.pool.minimum-idle");
        ENV.put("DATABASE_POOL_MAX_SIZE", "database.pool.maximum-pool-size");
        ENV.put("DATABASE_POOL_CONNECTION_TIMEOUT", "database.pool.connection-timeout");
        ENV.put("DATABASE_POOL_MAX_LIFETIME", "database.pool.max-lifetime");
        ENV.put("DATABASE_POOL_KEEPALIVE_TIME", "database.pool.keepalive-time");
        ENV.put("DATABASE_POOL_IDLE_TIMEOUT", "database.pool.idle-timeout");
        ENV.put("DATABASE_POOL_LEAK_DETECTION_THRESHOLD", "database.pool.leak-detection-threshold");
        ENV.put("DATABASE_POOL_VALIDATION_TIMEOUT", "database.pool.validation-timeout");
        ENV.put("DATABASE_POOL_MODE", "database.pool.mode");
        ENV.put("DATABASE_ADMISSION_QUEUE", "database.admission.queue");
        ENV.put("DATABASE_ADMISSION_TIMEOUT", "database.admission.timeout");
        ENV.put("DATABASE_READ_URL", "database.read.url");
        ENV.put("DATABASE_READ_USER", "database.read.user");
        ENV.put("DATABASE_READ_PASSWORD", "database.read.password");
        ENV.put("DATABASE_READ_MAX_LAG", "database.read.max-lag");
        // The key Helidon's own environment mapping gives it too: one key, a list or the one-line form.
        ENV.put("CELERIS_AUTH_TOKENS", "celeris.auth.tokens");
        ENV.put("CELERIS_API_TOKEN", "celeris.api.token");
        ENV.put("CELERIS_CURSOR_SECRET", "celeris.cursor.secret");
        ENV.put("CELERIS_CURSOR_PREVIOUS_SECRET", "celeris.cursor.previous-secret");
        ENV.put("CELERIS_PAGING_DEFAULT_LIMIT", "celeris.paging.default-limit");
        ENV.put("CELERIS_PAGING_MAX_LIMIT", "celeris.paging.max-limit");
        ENV.put("CELERIS_PAGING_MAX_OFFSET", "celeris.paging.max-offset");
        ENV.put("CELERIS_PAGING_COUNT", "celeris.paging.count");
        ENV.put("CELERIS_PAGING_COUNT_CACHE_TTL", "celeris.paging.count-cache-ttl");
        ENV.put("CELERIS_CACHE_ENABLED", "celeris.cache.enabled");
        ENV.put("CELERIS_CACHE_L1_MAX_SIZE", "celeris.cache.l1.maximum-size");
        ENV.put("CELERIS_CACHE_L1_TTL", "celeris.cache.l1.ttl");
        ENV.put("CELERIS_CACHE_NEGATIVE_TTL", "celeris.cache.negative-ttl");
        ENV.put("CELERIS_LOG_FILE", "celeris.logging.handler.file");
        ENV.put("CELERIS_ACCESS_LOG_FILE", "celeris.logging.access-handler.file");
        ENV.put("CELERIS_CACHE_PAGES_ENABLED", "celeris.cache.pages.enabled");
        ENV.put("CELERIS_CACHE_PAGES_MAX_SIZE", "celeris.cache.pages.maximum-size");
        ENV.put("CELERIS_CACHE_PAGES_TTL", "celeris.cache.pages.ttl");
        ENV.put("CELERIS_CACHE_L1_DEGRADED_TTL", "celeris.cache.l1.degraded-ttl");
        ENV.put("CELERIS_CACHE_MAX_STALE", "celeris.cache.max-stale");
        ENV.put("REDIS_URL", "celeris.redis.url");
        ENV.put("REDIS_KEY_PREFIX", "celeris.redis.key-prefix");
        ENV.put("REDIS_TTL", "celeris.redis.ttl");
        ENV.put("REDIS_COMMAND_TIMEOUT", "celeris.redis.command-timeout");
        ENV.put("REDIS_CONNECT_TIMEOUT", "celeris.redis.connect-timeout");
        ENV.put("CELERIS_CACHE_MAX_AGE", "celeris.cache.http-max-age");
        ENV.put("CELERIS_ADMIN_TOKEN", "celeris.admin.token");
        ENV.put("CELERIS_ACCESS_LOG_ENABLED", "celeris.access-log.enabled");
        ENV.put("CELERIS_ACCESS_LOG_FORMAT", "celeris.access-log.format");
        ENV.put("CELERIS_DEMO_USERS", "celeris.demo.users");
        ENV.put("CELERIS_DEMO_IMAGE", "celeris.demo.image");
        ENV.put("CELERIS_BENCH_CEILING_ROUTE", "celeris.bench.ceiling-route");
        ENV.put("CELERIS_METRICS_HTTP_ROUTES", "celeris.metrics.http-routes");
        ENV.put("OTEL_EXPORTER_OTLP_ENDPOINT", "otel.exporter.otlp.endpoint");
        ENV.put("OTEL_SERVICE_NAME", "otel.service.name");
        ENV.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "otel.exporter.otlp.traces.endpoint");
        ENV.put("OTEL_EXPORTER_OTLP_HEADERS", "otel.exporter.otlp.headers");
        ENV.put("OTEL_EXPORTER_OTLP_PROTOCOL", "otel.exporter.otlp.protocol");
        ENV.put("OTEL_EXPORTER_OTLP_TIMEOUT", "otel.exporter.otlp.timeout");
        ENV.put("OTEL_EXPORTER_OTLP_COMPRESSION", "otel.exporter.otlp.compression");
        ENV.put("OTEL_RESOURCE_ATTRIBUTES", "otel.resource.attributes");
        ENV.put("OTEL_TRACES_SAMPLER", "otel.traces.sampler");
        ENV.put("OTEL_TRACES_SAMPLER_ARG", "otel.traces.sampler.arg");
        ENV.put("CELERIS_TRUSTED_PROXIES", "server.trusted-proxies");
    }

    private Settings() {
    }

    /**
     * @param environment the environment variables
     * @param overrides   highest-priority values (tests)
     * @return the merged configuration
     */
    static Config load(Map<String, String> environment, Map<String, String> overrides) {
        var fromEnv = new HashMap<String, String>();
        ENV.forEach((env, key) -> {
            String v = environment.get(env);
            if (v != null) {
                fromEnv.put(key, v);
            }
        });
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                // The first source wins.
                .sources(List.of(
                        ConfigSources.create(overrides),
                        ConfigSources.systemProperties(),
                        ConfigSources.create(fromEnv),
                        ConfigSources.environmentVariables(),
                        ConfigSources.classpath("application.yaml")))
                .build();
    }

    static DatabaseSettings database(Config config) {
        Config db = config.get("database");
        Config p = db.get("pool");
        var size = PoolSize.of(p.get("minimum-idle").asInt().asOptional(), p.get("maximum-pool-size").asInt().asOptional(),
                Runtime.getRuntime().availableProcessors());
        var pool = new DatabaseSettings.Pool(
                string(p.get("name")),
                size.minimumIdle(),
                size.maximumPoolSize(),
                duration(p.get("connection-timeout")),
                duration(p.get("max-lifetime")),
                duration(p.get("keepalive-time")),
                duration(p.get("idle-timeout")),
                duration(p.get("leak-detection-threshold")),
                duration(p.get("validation-timeout")),
                poolMode(string(p.get("mode"))));
        Config a = db.get("admission");
        var admission = new DatabaseSettings.Admission(
                // 32 waiting requests per connection: enough to ride out a burst, few enough to answer 503 fast.
                a.get("queue").asInt().orElse(pool.maximumPoolSize() * 32),
                duration(a.get("timeout")));
        return new DatabaseSettings(string(db.get("url")), string(db.get("user")), string(db.get("password")),
                pool, admission, duration(db.get("call-timeout")));
    }

    /**
     * The read replica, when {@code database.read.url} is set; its user and password default to the primary's.
     */
    static Optional<ReplicaSettings> replica(Config config) {
        Config db = config.get("database");
        Config read = db.get("read");
        String url = string(read.get("url"));
        if (url.isBlank()) {
            return Optional.empty();
        }
        String user = string(read.get("user"));
        String password = string(read.get("password"));
        return Optional.of(new ReplicaSettings(url, user.isEmpty() ? string(db.get("user")) : user,
                user.isEmpty() && password.isEmpty() ? string(db.get("password")) : password,
                duration(read.get("max-lag"))));
    }

    /**
     * The pool's two sizes, each following the other when only one is set: {@code DATABASE_POOL_MAX_SIZE=2} alone is a
     * fixed pool of 2, not a minimum of cores * 2 + 1 above a maximum of 2. Neither set: cores * 2 + 1 (HikariCP's
     * "About Pool Sizing"), fixed (minimum = maximum, as HikariCP advises).
     *
     * @param minimumIdle     connections kept open when idle
     * @param maximumPoolSize most connections at once
     */
    record PoolSize(int minimumIdle, int maximumPoolSize) {

        static PoolSize of(Optional<Integer> minimumIdle, Optional<Integer> maximumPoolSize, int cores) {
            int maximum = maximumPoolSize.or(() -> minimumIdle).orElse(cores * 2 + 1);
            return new PoolSize(minimumIdle.orElse(maximum), maximum);
        }
    }

    private static DatabaseSettings.Pool.Mode poolMode(String mode) {
        return switch (mode) {
            case "pooled" -> DatabaseSettings.Pool.Mode.POOLED;
            case "unpooled" -> DatabaseSettings.Pool.Mode.UNPOOLED;
            default -> throw new IllegalArgumentException("database.pool.mode must be pooled or unpooled, not " + mode);
        };
    }

    static PagingSettings paging(Config config) {
        Config p = config.get("celeris.paging");
        return new PagingSettings(
                required(p.get("default-limit"), Integer.class),
                required(p.get("max-limit"), Integer.class),
                required(p.get("max-offset"), Long.class));
    }

    static CountMode defaultCount(Config config) {
        String mode = string(config.get("celeris.paging.count"));
        return switch (mode) {
            case "exact" -> CountMode.EXACT;
            case "estimated" -> CountMode.ESTIMATED;
            case "none" -> CountMode.NONE;
            default -> throw new IllegalArgumentException("celeris.paging.count must be exact, estimated or none, not " + mode);
        };
    }

    /** Per-route HTTP timers ({@code http_server_requests_seconds}); off only to measure what they cost. */
    static boolean httpRouteMetrics(Config config) {
        return bool(config.get("celeris.metrics.http-routes"));
    }

    static boolean cacheEnabled(Config config) {
        return bool(config.get("celeris.cache.enabled"));
    }

    /** Users by id in process: served stale-if-error within {@code celeris.cache.max-stale}. */
    static L1Settings l1(Config config) {
        Config l1 = config.get("celeris.cache.l1");
        long maximumSize = required(l1.get("maximum-size"), Long.class);
        return named(l1, () -> new L1Settings(maximumSize, lifetime(config, l1.get("ttl"), maxStale(config))));
    }

    /** Users by id in Redis: {@code celeris.redis.ttl}, stale-if-error within {@code celeris.cache.max-stale}. */
    static Lifetime usersInRedis(Config config) {
        return named(config.get("celeris.redis.ttl"), () -> lifetime(config, config.get("celeris.redis.ttl"),
                maxStale(config)));
    }

    /**
     * @param maximumSize most totals held (not configurable: one per filter in use)
     * @return how exact totals of filtered listings are kept in process (never served stale: a total is exact or not
     *         given)
     */
    static L1Settings totals(Config config, long maximumSize) {
        Config ttl = config.get("celeris.paging.count-cache-ttl");
        return named(ttl, () -> new L1Settings(maximumSize, lifetime(config, ttl, Duration.ZERO)));
    }

    /**
     * @param maximumSize most ids held (not configurable: a bound on memory, not a tuning knob)
     * @return how ids found missing are remembered in process (a miss is never served stale)
     */
    static L1Settings misses(Config config, long maximumSize) {
        Config ttl = config.get("celeris.cache.negative-ttl");
        return named(ttl, () -> new L1Settings(maximumSize, lifetime(config, ttl, Duration.ZERO)));
    }

    static Duration maxStale(Config config) {
        return duration(config.get("celeris.cache.max-stale"));
    }

    private static Lifetime lifetime(Config config, Config timeToLive, Duration maxStale) {
        return new Lifetime(duration(timeToLive), required(config.get("celeris.cache.jitter"), Double.class), maxStale);
    }

    /**
     * @return the instance's one Redis runtime (shared by every cache over Redis; the degraded lifetime is one key
     *         for all of them), or empty when no URL is set
     */
    static Optional<RedisSettings> redis(Config config) {
        Config r = config.get("celeris.redis");
        Config b = r.get("breaker");
        return nonBlank(r.get("url").asString().asOptional()).map(url -> {
            if (!REDIS_SCHEMES.matcher(url).lookingAt()) {
                // Lettuce's own word for "garbage" is "URI scheme must not be null".
                throw new IllegalArgumentException("celeris.redis.url (REDIS_URL) must be a redis://, rediss://,"
                        + " redis-sentinel://, redis-socket:// or redis-cluster:// URI, not '"
                        + RedisSettings.redacted(url) + "'");
            }
            return named(r, () -> new RedisSettings(url,
                    string(r.get("key-prefix")),
                    duration(r.get("command-timeout")),
                    duration(r.get("connect-timeout")),
                    new RedisSettings.Breaker(required(b.get("volume"), Integer.class),
                            required(b.get("error-ratio"), Integer.class), duration(b.get("open-for"))),
                    duration(config.get("celeris.cache.l1.degraded-ttl"))));
        });
    }

    /**
     * @return how first pages of listings are kept in process (and in Redis, as long), or empty when they are not
     *         cached; never served stale: a page that failed to load is not answered from an expired copy
     */
    static Optional<L1Settings> pages(Config config) {
        Config pages = config.get("celeris.cache.pages");
        if (!bool(pages.get("enabled"))) {
            return Optional.empty();
        }
        long maximumSize = required(pages.get("maximum-size"), Long.class);
        return Optional.of(named(pages, () -> new L1Settings(maximumSize, lifetime(config, pages.get("ttl"),
                Duration.ZERO))));
    }

    static int demoUsers(Config config) {
        int users = required(config.get("celeris.demo.users"), Integer.class);
        if (users < 0) {
            throw new IllegalArgumentException("celeris.demo.users must be 0 (none) or more, not " + users);
        }
        return users;
    }

    /**
     * The image of the embedded database with its demo users, when {@code celeris.demo.image} names where it goes: that
     * path with {@code -<users>-users.mv.db} added, so that another number of demo users makes another image.
     */
    static Optional<java.nio.file.Path> demoImage(Config config, int users) {
        return nonBlank(config.get("celeris.demo.image").asString().asOptional())
                .map(prefix -> java.nio.file.Path.of(prefix + "-" + users + "-users.mv.db"));
    }

    static HttpSettings http(Config config) {
        byte[] secret = nonBlank(config.get("celeris.cursor.secret").asString().asOptional())
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(HttpSettings::randomSecret);
        Optional<byte[]> previous = nonBlank(config.get("celeris.cursor.previous-secret").asString().asOptional())
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        return new HttpSettings(tokens(config), secret, previous, paging(config),
                bool(config.get("celeris.bench.ceiling-route")), defaultCount(config),
                required(config.get("celeris.cache.http-max-age"), Integer.class), accessLog(config),
                config.get("server.max-payload-size").asLong().orElse(-1L));
    }

    /**
     * The bearer tokens: {@code celeris.auth.tokens}, either a list of name, sha256, scopes (YAML) or one line
     * {@code name:scopes:sha256,...} ({@code CELERIS_AUTH_TOKENS}, {@code -D}), then the older plain secrets
     * {@code celeris.api.token} (write, named {@code api-token}) and {@code celeris.admin.token} (admin, named
     * {@code admin-token}), hashed here.
     */
    static ApiTokens tokens(Config config) {
        var tokens = new ArrayList<ApiToken>();
        Config configured = config.get("celeris.auth.tokens");
        if (configured.isLeaf()) {
            nonBlank(configured.asString().asOptional()).ifPresent(line -> tokens.addAll(ApiTokens.parse(line).all()));
        } else {
            for (Config t : configured.asNodeList().orElse(List.of())) {
                String name = t.get("name").asString().orElseThrow(
                        () -> new IllegalArgumentException("celeris.auth.tokens: every token needs a name"));
                Config scopes = t.get("scopes");
                String scopeText = scopes.isList() ? String.join("+", scopes.asList(String.class).get())
                        : scopes.asString().orElse("");
                tokens.add(ApiToken.ofDigest(name, t.get("sha256").asString().orElseThrow(
                        () -> new IllegalArgumentException("celeris.auth.tokens: token " + name + " needs a sha256")),
                        ApiTokens.scopes(name, scopeText)));
            }
        }
        Optional<String> api = nonBlank(config.get("celeris.api.token").asString().asOptional());
        Optional<String> admin = nonBlank(config.get("celeris.admin.token").asString().asOptional());
        if (api.isPresent() && api.equals(admin)) {
            // One secret for both: one token (two names for one secret would be ambiguous in the access log).
            tokens.add(ApiToken.ofSecret("api-token", api.get(), Set.of(Scope.WRITE, Scope.ADMIN)));
        } else {
            api.ifPresent(s -> tokens.add(ApiToken.ofSecret("api-token", s, Set.of(Scope.WRITE))));
            admin.ifPresent(s -> tokens.add(ApiToken.ofSecret("admin-token", s, Set.of(Scope.ADMIN))));
        }
        return new ApiTokens(tokens);
    }

    /**
     * What an operator should hear at start-up about how open this instance is.
     *
     * @return WARNING lines, empty when nothing is left at an unsafe default
     */
    static List<String> securityWarnings(Config config, HttpSettings http) {
        var warnings = new ArrayList<String>();
        if (!http.tokens().any(Scope.WRITE)) {
            warnings.add("no write token is configured (celeris.auth.tokens, CELERIS_AUTH_TOKENS): writes are accepted"
                    + " only from loopback clients (127.0.0.0/8, ::1) and never through a proxy (X-Forwarded-For,"
                    + " Forwarded, Via, X-Real-IP); others get 403 writes-loopback-only");
            if (!string(config.get("server.trusted-proxies")).isBlank()) {
                warnings.add("server.trusted-proxies names a proxy but no write token is configured: every write"
                        + " through the proxy gets 403 writes-loopback-only; configure a write token"
                        + " (CELERIS_AUTH_TOKENS)");
            }
        }
        if (nonBlank(config.get("celeris.cursor.secret").asString().asOptional()).isEmpty()) {
            warnings.add("no cursor secret is configured (CELERIS_CURSOR_SECRET): cursors are signed with a random key,"
                    + " so they will not survive a restart nor work across instances");
        }
        for (String legacy : List.of("celeris.api.token", "celeris.admin.token")) {
            if (nonBlank(config.get(legacy).asString().asOptional()).isPresent()) {
                warnings.add(legacy + " holds a plain secret; prefer its SHA-256 digest in celeris.auth.tokens or"
                        + " CELERIS_AUTH_TOKENS (printf %s \"$secret\" | sha256sum), so the secret is not in the config");
            }
        }
        return warnings;
    }

    static TransportSettings transport(Config config) {
        Config h = config.get("celeris.http");
        return new TransportSettings(
                duration(h.get("header-timeout")),
                duration(h.get("body-timeout")));
    }

    static AccessLogSettings accessLog(Config config) {
        boolean enabled = bool(config.get("celeris.access-log.enabled"));
        String format = string(config.get("celeris.access-log.format"));
        if (!format.equals("text") && !format.equals("json")) {
            throw new IllegalArgumentException("celeris.access-log.format must be text or json, not " + format);
        }
        return new AccessLogSettings(enabled, format.equals("json"), clientAddress(config), Tracing.configured(config));
    }

    /** {@code server.trusted-proxies}: comma-separated CIDR blocks whose X-Forwarded-For is believed. */
    static ClientAddress clientAddress(Config config) {
        String cidrs = string(config.get("server.trusted-proxies"));
        return ClientAddress.trusting(List.of(cidrs.split(",")));
    }

    /**
     * @return the value of a key {@code application.yaml} holds
     * @throws IllegalStateException when the key is missing (an application.yaml without it on the class path)
     */
    private static <T> T required(Config node, Class<T> type) {
        return node.as(type).orElseThrow(() -> new IllegalStateException(node.key()
                + " has no value: application.yaml holds the default of every key; is it on the class path?"));
    }

    private static String string(Config node) {
        return required(node, String.class);
    }

    private static Duration duration(Config node) {
        return required(node, Duration.class);
    }

    /**
     * MicroProfile Config's words for true ({@code true}, {@code 1}, {@code yes}, {@code y}, {@code on}) and their
     * opposites, in any case; anything else stops the start. Helidon's own mapping reads every other word as false,
     * so {@code CELERIS_ACCESS_LOG_ENABLED=ture} turned the access log off without a word.
     */
    static boolean bool(Config node) {
        String value = string(node).strip();
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "y", "on" -> true;
            case "false", "0", "no", "n", "off" -> false;
            default -> throw new IllegalArgumentException(node.key() + " must be true or false, not '" + value + "'");
        };
    }

    /**
     * Refuses the server settings Helidon would take and then misbehave with: a port outside 0-65535 (-1 listened on
     * a random port), a connection cap of 0 (the server said it was up and accepted nothing: every client hung), an
     * idle timeout that is not positive (connections closed before their first request).
     *
     * @param config the configuration ({@code server.*})
     */
    static void checkServer(Config config) {
        Config server = config.get("server");
        server.get("port").asInt().ifPresent(port -> {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("server.port must be between 0 (any free port) and 65535, not "
                        + port);
            }
        });
        server.get("max-tcp-connections").asInt().ifPresent(max -> {
            if (max < 1 && max != -1) {
                throw new IllegalArgumentException("server.max-tcp-connections must be at least 1 (or -1: no limit),"
                        + " not " + max);
            }
        });
        server.get("idle-connection-timeout").as(Duration.class).ifPresent(idle -> {
            if (idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("server.idle-connection-timeout must be positive, not " + idle);
            }
        });
    }

    /**
     * Variables named like ours that no setting reads: a typo ({@code CELERIS_ACESS_LOG_ENABLED}) or a setting of
     * another version would otherwise change nothing without a word. Those of the launcher ({@code ./celeris}: the
     * JVM options, the AOT cache), the benchmarks and the tests are theirs, not the service's.
     *
     * @param environment the environment variables
     * @return the names of {@code CELERIS_*} variables that are neither a setting nor the launcher's, sorted
     */
    static List<String> unknownVariables(Map<String, String> environment) {
        return environment.keySet().stream()
                .filter(name -> name.startsWith("CELERIS_") && !ENV.containsKey(name)
                        && !LAUNCHER_VARIABLES.contains(name) && !name.startsWith("CELERIS_BENCH_")
                        && !name.startsWith("CELERIS_TEST_"))
                .sorted()
                .toList();
    }

    /**
     * Builds a settings record, its refusal named by the configuration key it came from: the records say "time to
     * live must be > 0", which five keys could have caused.
     */
    private static <T> T named(Config node, java.util.function.Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String key = node.key().toString();
            if (e.getMessage() != null && e.getMessage().startsWith(key)) {
                throw e;
            }
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param failure why the start failed
     * @return its explanation in one line: a value the configuration could not read is named with its key and what
     *         was wrong with it, rather than Helidon's "Invocation of mapper 'io.helidon.config.ConfigMappers$$Lambda…'"
     */
    static String explain(RuntimeException failure) {
        if (failure instanceof io.helidon.config.ConfigMappingException) {
            var m = java.util.regex.Pattern.compile("Mapping of value '(.*)' stored under key '([^']*)'")
                    .matcher(failure.getMessage() == null ? "" : failure.getMessage());
            if (m.find()) {
                Throwable cause = failure;
                while (cause.getCause() != null && cause.getCause() != cause) {
                    cause = cause.getCause();
                }
                String why = cause == failure || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
                return m.group(2) + ": cannot read '" + m.group(1) + "'" + why
                        + "; see the configuration table in the README for its form (a number, a duration such as"
                        + " PT3S, true or false)";
            }
        }
        return failure.getMessage();
    }

    private static Optional<String> nonBlank(Optional<String> v) {
        return v.filter(s -> !s.isBlank());
    }
}
