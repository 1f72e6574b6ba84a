package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.celeris.adapter.cache.Lifetime;
import io.celeris.adapter.cache.RedisSettings;
import io.celeris.adapter.http.ApiToken;
import io.celeris.adapter.persistence.DatabaseSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SettingsTest {

    /** Keys the YAML leaves commented out: their defaults follow other settings (or, for tokens, there is none). */
    private static final Set<String> COMPUTED = Set.of("database.pool.minimum-idle", "database.pool.maximum-pool-size",
            "database.admission.queue",
            // A list (or one line) with no default: an empty value here would clash with a list elsewhere.
            "celeris.auth.tokens",
            // Its meaning and default follow the sampler; YAML cannot hold it beside the sampler's own value.
            "otel.traces.sampler.arg");

    @Test
    void defaultsAreTheEmbeddedOnes() {
        var config = Settings.load(Map.of(), Map.of());
        assertThat(Settings.database(config).embedded()).isTrue();
        assertThat(Settings.cacheEnabled(config)).isTrue();
        assertThat(Settings.demoUsers(config)).isEqualTo(10_000);
        assertThat(Settings.http(config).tokens().all()).isEmpty();
        assertThat(Settings.http(config).ceilingRoute()).isFalse();
        assertThat(Settings.paging(config).maxLimit()).isEqualTo(100);
    }

    @Test
    void accessLinesLookForTraceIdsOnlyWhenTracingIsConfigured() {
        assertThat(Settings.accessLog(Settings.load(Map.of(), Map.of())).traced()).isFalse();
        assertThat(Settings.accessLog(Settings.load(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
                Map.of())).traced()).isTrue();
        assertThat(Settings.accessLog(Settings.load(
                Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://127.0.0.1:4318/v1/traces"), Map.of())).traced())
                .isTrue();
    }

    @Test
    void documentedEnvironmentVariablesOverrideTheYaml() {
        var config = Settings.load(Map.of(
                "DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/x",
                "DATABASE_USER", "u",
                "DATABASE_POOL_MAX_SIZE", "7",
                "DATABASE_POOL_MIN_IDLE", "2",
                "DATABASE_POOL_CONNECTION_TIMEOUT", "PT2S",
                "CELERIS_API_TOKEN", "t0k",
                "CELERIS_CACHE_ENABLED", "false",
                "CELERIS_PAGING_MAX_OFFSET", "1000000",
                "CELERIS_DEMO_USERS", "5"), Map.of());
        var db = Settings.database(config);
        assertThat(db.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/x");
        assertThat(db.user()).isEqualTo("u");
        assertThat(db.pool().maximumPoolSize()).isEqualTo(7);
        assertThat(db.pool().minimumIdle()).isEqualTo(2);
        assertThat(db.pool().connectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(db.admission().queue()).as("32 per connection").isEqualTo(7 * 32);
        assertThat(Settings.http(config).tokens().all()).extracting(ApiToken::name).containsExactly("api-token");
        assertThat(Settings.cacheEnabled(config)).isFalse();
        assertThat(Settings.paging(config).maxOffset()).isEqualTo(1_000_000);
        assertThat(Settings.demoUsers(config)).isEqualTo(5);
    }

    @Test
    void aSwitchIsTrueOrFalseAndNothingElse() {
        for (String yes : new String[] {"true", "TRUE", "1", "yes", "on", " y "}) {
            assertThat(Settings.cacheEnabled(Settings.load(Map.of("CELERIS_CACHE_ENABLED", yes), Map.of()))).as(yes)
                    .isTrue();
        }
        for (String no : new String[] {"false", "False", "0", "no", "off", "n"}) {
            assertThat(Settings.cacheEnabled(Settings.load(Map.of("CELERIS_CACHE_ENABLED", no), Map.of()))).as(no)
                    .isFalse();
        }
        // Helidon read every other word as false: a typo turned the access log or the cache off without a word.
        for (String typo : new String[] {"ture", "garbage", "", "enabled", "2"}) {
            assertThatIllegalArgumentException().as(typo).isThrownBy(() -> Settings.accessLog(
                    Settings.load(Map.of("CELERIS_ACCESS_LOG_ENABLED", typo), Map.of())))
                    .withMessage("celeris.access-log.enabled must be true or false, not '" + typo.strip() + "'");
        }
    }

    @Test
    void serverSettingsHelidonWouldMisuseStopTheStart() {
        Map<String, String> bad = Map.of(
                "SERVER_PORT", "-1", "SERVER_MAX_TCP_CONNECTIONS", "0", "SERVER_IDLE_CONNECTION_TIMEOUT", "PT0S");
        Map<String, String> expected = Map.of("SERVER_PORT", "server.port must be between 0 (any free port) and 65535",
                "SERVER_MAX_TCP_CONNECTIONS", "server.max-tcp-connections must be at least 1 (or -1: no limit)",
                "SERVER_IDLE_CONNECTION_TIMEOUT", "server.idle-connection-timeout must be positive");
        bad.forEach((variable, value) -> {
            assertThatIllegalArgumentException().as(variable).isThrownBy(() -> Settings.checkServer(
                    Settings.load(Map.of(variable, value), Map.of()))).withMessageStartingWith(expected.get(variable));
            // Through the start too: it stops before anything opens.
            assertThatIllegalArgumentException().as(variable).isThrownBy(() -> Celeris.start(
                    Settings.load(Map.of(variable, value), Map.of())).close());
        });
        Settings.checkServer(Settings.load(Map.of("SERVER_PORT", "65535", "SERVER_MAX_TCP_CONNECTIONS", "-1",
                "SERVER_IDLE_CONNECTION_TIMEOUT", "PT1S"), Map.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.checkServer(
                Settings.load(Map.of("SERVER_PORT", "70000"), Map.of()))).withMessageContaining("not 70000");
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.demoUsers(
                Settings.load(Map.of("CELERIS_DEMO_USERS", "-1"), Map.of()))).withMessageContaining("celeris.demo.users");
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.paging(
                Settings.load(Map.of("CELERIS_PAGING_MAX_LIMIT", "2147483647"), Map.of())))
                .withMessageContaining("maxLimit must be at most 10000");
    }

    @Test
    void aVariableNamedLikeOursThatNoSettingReadsIsNamed() {
        assertThat(Settings.unknownVariables(Map.of("CELERIS_ACESS_LOG_ENABLED", "false", "CELERIS_ACCESS_LOG_ENABLED",
                "true", "CELERIS_CACHE_TTL", "PT0S", "CELERIS_JAVA_OPTS", "-Xmx1g", "CELERIS_BENCH_DB", "x",
                "CELERIS_TEST_PG_URL", "x", "DATABASE_URL", "x", "HOME", "/root", "CELERIS_AOT", "0")))
                .containsExactly("CELERIS_ACESS_LOG_ENABLED", "CELERIS_CACHE_TTL");
        assertThat(Settings.unknownVariables(Map.of())).isEmpty();
    }

    @Test
    void aRefusalNamesItsKeyInOneLine() {
        var unreadable = org.assertj.core.api.Assertions.catchRuntimeException(() -> Settings.database(
                Settings.load(Map.of("DATABASE_POOL_MAX_SIZE", "abc"), Map.of())));
        assertThat(Settings.explain(unreadable)).startsWith("database.pool.maximum-pool-size: cannot read 'abc'")
                .doesNotContain("Lambda", "io.helidon").doesNotContain("\n");
        var duration = org.assertj.core.api.Assertions.catchRuntimeException(() -> Settings.database(
                Settings.load(Map.of("DATABASE_POOL_CONNECTION_TIMEOUT", "3s"), Map.of())));
        assertThat(Settings.explain(duration)).startsWith("database.pool.connection-timeout: cannot read '3s'")
                .contains("PT3S");
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.redis(Settings.load(
                Map.of("REDIS_URL", "garbage"), Map.of()))).withMessageStartingWith("celeris.redis.url (REDIS_URL) must be");
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.redis(Settings.load(
                Map.of("REDIS_URL", "http://u:s3cret@h:6379"), Map.of()))).withMessageNotContaining("s3cret");
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.l1(Settings.load(Map.of(),
                Map.of("celeris.cache.l1.ttl", "PT0S")))).withMessageStartingWith("celeris.cache.l1: ");
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.redis(Settings.load(Map.of("REDIS_URL",
                "redis://127.0.0.1:6379", "REDIS_COMMAND_TIMEOUT", "PT0S"), Map.of())))
                .withMessageStartingWith("celeris.redis: ");
        // Any other failure keeps its own words.
        assertThat(Settings.explain(new IllegalStateException("database unreachable"))).isEqualTo("database unreachable");
    }

    @Test
    void aReadReplicaIsOptionalAndBorrowsThePrimarysCredentials() {
        assertThat(Settings.replica(Settings.load(Map.of(), Map.of()))).isEmpty();
        var replica = Settings.replica(Settings.load(Map.of("DATABASE_URL", "jdbc:postgresql://p/x",
                "DATABASE_USER", "u", "DATABASE_PASSWORD", "pw", "DATABASE_READ_URL", "jdbc:postgresql://r/x",
                "DATABASE_READ_MAX_LAG", "PT0.5S"), Map.of())).orElseThrow();
        assertThat(replica.url()).isEqualTo("jdbc:postgresql://r/x");
        assertThat(replica.user()).isEqualTo("u");
        assertThat(replica.password()).isEqualTo("pw");
        assertThat(replica.maxLag()).isEqualTo(Duration.ofMillis(500));
        var own = Settings.replica(Settings.load(Map.of("DATABASE_READ_URL", "jdbc:postgresql://r/x",
                "DATABASE_READ_USER", "reader", "DATABASE_READ_PASSWORD", "secret"), Map.of())).orElseThrow();
        assertThat(own.user()).isEqualTo("reader");
        assertThat(own.password()).isEqualTo("secret");
        assertThat(own.toString()).doesNotContain("secret");
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.replica(Settings.load(
                Map.of("DATABASE_READ_URL", "jdbc:h2:mem:x"), Map.of())));
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.replica(Settings.load(
                Map.of("DATABASE_READ_URL", "jdbc:postgresql://r/x", "DATABASE_READ_MAX_LAG", "PT0S"), Map.of())));
    }

    @Test
    void everyDocumentedVariableNamesAKeyOfTheYaml() {
        var yaml = yamlKeys();
        Settings.ENV.forEach((env, key) -> assertThat(yaml.contains(key) || COMPUTED.contains(key))
                .as(env + " -> " + key).isTrue());
    }

    /**
     * One source for every default, and README says it: every key of application.yaml has a row in README's
     * configuration table, every row names a key of the YAML (or a computed one) and, when it names an environment
     * variable, the one Settings maps to that key; every variable Settings maps has its row.
     */
    @Test
    void theYamlTheEnvironmentVariablesAndReadmesTableAgree() throws IOException {
        var yaml = yamlKeys();
        Map<String, String> rows = readmeRows();
        assertThat(rows.keySet()).as("README rows without a key of application.yaml")
                .allSatisfy(key -> assertThat(yaml.contains(key) || COMPUTED.contains(key)).as(key).isTrue());
        assertThat(yaml).as("keys of application.yaml without a README row").allSatisfy(key ->
                assertThat(rows).containsKey(key));
        Settings.ENV.forEach((env, key) -> assertThat(rows.get(key)).as("README row of " + key).isEqualTo(env));
        rows.forEach((key, env) -> {
            if (!env.equals("—")) {
                assertThat(Settings.ENV.get(env)).as(env + " in Settings.ENV").isEqualTo(key);
            }
        });
    }

    @Test
    void aKeyMissingFromTheYamlStopsTheStartNamingIt() {
        // Settings holds no second default: without application.yaml's value there is none.
        var withoutYaml = Config.just(ConfigSources.create(Map.of("celeris.paging.max-limit", "100")));
        assertThatIllegalStateException().isThrownBy(() -> Settings.paging(withoutYaml))
                .withMessageContaining("celeris.paging.default-limit");
        assertThatIllegalStateException().isThrownBy(() -> Settings.l1(withoutYaml))
                .withMessageContaining("celeris.cache.l1.maximum-size");
    }

    /**
     * The one Redis runtime of an instance, built once, each field from its own key (the degraded lifetime too: one key
     * for every cache over Redis); the caches bring only their namespaces and lifetimes.
     */
    @Test
    void theRedisRuntimeIsBuiltOnceEachFieldFromItsKey() {
        assertThat(Settings.redis(Settings.load(Map.of(), Map.of()))).as("no URL: no Redis").isEmpty();
        var config = Settings.load(Map.of(
                "REDIS_URL", "redis://:secret@cache:6380/2",
                "REDIS_KEY_PREFIX", "app:",
                "REDIS_COMMAND_TIMEOUT", "PT0.02S",
                "REDIS_CONNECT_TIMEOUT", "PT3S",
                "CELERIS_CACHE_L1_DEGRADED_TTL", "PT0.25S"), Map.of(
                "celeris.redis.breaker.volume", "20",
                "celeris.redis.breaker.error-ratio", "75",
                "celeris.redis.breaker.open-for", "PT2S"));
        assertThat(Settings.redis(config)).contains(new RedisSettings("redis://:secret@cache:6380/2", "app:",
                Duration.ofMillis(20), Duration.ofSeconds(3), new RedisSettings.Breaker(20, 75, Duration.ofSeconds(2)),
                Duration.ofMillis(250)));
    }

    /** One jitter for every lifetime; only users by id have a stale-if-error window, in both tiers. */
    @Test
    void everyLifetimeFollowsItsKeysAndTheOneJitter() {
        var config = Settings.load(Map.of(
                "CELERIS_CACHE_L1_TTL", "PT2M",
                "REDIS_TTL", "PT7M",
                "CELERIS_CACHE_MAX_STALE", "PT30S",
                "CELERIS_CACHE_PAGES_TTL", "PT9S",
                "CELERIS_PAGING_COUNT_CACHE_TTL", "PT4S",
                "CELERIS_CACHE_NEGATIVE_TTL", "PT3S"), Map.of("celeris.cache.jitter", "0.2"));
        assertThat(Settings.l1(config).lifetime())
                .isEqualTo(new Lifetime(Duration.ofMinutes(2), 0.2, Duration.ofSeconds(30)));
        assertThat(Settings.usersInRedis(config))
                .isEqualTo(new Lifetime(Duration.ofMinutes(7), 0.2, Duration.ofSeconds(30)));
        assertThat(Settings.pages(config).orElseThrow().lifetime())
                .isEqualTo(new Lifetime(Duration.ofSeconds(9), 0.2, Duration.ZERO));
        assertThat(Settings.totals(config, 10).lifetime())
                .isEqualTo(new Lifetime(Duration.ofSeconds(4), 0.2, Duration.ZERO));
        assertThat(Settings.misses(config, 10).lifetime())
                .isEqualTo(new Lifetime(Duration.ofSeconds(3), 0.2, Duration.ZERO));
        assertThatIllegalArgumentException().as("a jitter of 100 % or more")
                .isThrownBy(() -> Settings.l1(Settings.load(Map.of(), Map.of("celeris.cache.jitter", "1"))));
    }

    @Test
    void poolSizesFollowWhatTheUserSet() {
        int cores = 4;
        assertThat(Settings.PoolSize.of(Optional.empty(), Optional.empty(), cores))
                .isEqualTo(new Settings.PoolSize(9, 9));
        assertThat(Settings.PoolSize.of(Optional.empty(), Optional.of(2), cores)).as("the minimum follows the maximum")
                .isEqualTo(new Settings.PoolSize(2, 2));
        assertThat(Settings.PoolSize.of(Optional.of(12), Optional.empty(), cores)).as("the maximum follows the minimum")
                .isEqualTo(new Settings.PoolSize(12, 12));
        assertThat(Settings.PoolSize.of(Optional.of(1), Optional.of(3), cores)).isEqualTo(new Settings.PoolSize(1, 3));
        assertThat(Settings.database(Settings.load(Map.of("DATABASE_POOL_MAX_SIZE", "2"), Map.of())).admission().queue())
                .as("the queue follows the pool").isEqualTo(64);
        // Both set and contradictory is still the user's mistake, said at start.
        assertThatIllegalArgumentException().isThrownBy(() -> Settings.database(Settings.load(
                Map.of("DATABASE_POOL_MAX_SIZE", "2", "DATABASE_POOL_MIN_IDLE", "3"), Map.of())))
                .withMessageContaining("minimum-idle <= maximum-pool-size");
    }

    /** DATABASE_POOL_MAX_SIZE=2 alone used to stop the service (the minimum stayed at cores * 2 + 1). */
    @Test
    void onlyAMaximumPoolSizeStartsTheServiceOnAFixedPoolOfThatSize() throws Exception {
        var config = Settings.load(Map.of("DATABASE_POOL_MAX_SIZE", "2"), Map.of("server.port", "0",
                "database.url", "jdbc:h2:mem:pool-max-only;DB_CLOSE_DELAY=-1", "celeris.demo.users", "3"));
        try (Celeris app = Celeris.start(config); var client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/users"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            var pool = app.persistence().settings().pool();
            assertThat(pool.maximumPoolSize()).isEqualTo(2);
            assertThat(pool.minimumIdle()).isEqualTo(2);
            assertThat(app.persistence().poolStats().max()).as("HikariCP's own maximum").isEqualTo(2);
            // HikariCP opens up to minimum-idle connections in the background: it reaches 2 and never passes it.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (app.persistence().poolStats().total() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(app.persistence().poolStats().total()).isEqualTo(2);
        }
    }

    /** The leaf keys of application.yaml alone (no environment, no overrides). */
    private static Set<String> yamlKeys() {
        return Config.just(ConfigSources.classpath("application.yaml")).traverse()
                .filter(Config::isLeaf)
                // celeris.auth holds only comments (its tokens have no default): YAML makes it an empty leaf. A leaf
                // with a value of its own (otel.traces.sampler, above the computed sampler.arg) stays a key.
                .filter(c -> !c.asString().orElse("").isEmpty() || COMPUTED.stream()
                        .noneMatch(computed -> computed.startsWith(c.key() + ".")))
                .map(c -> c.key().toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** README's configuration table: key -> environment variable ("—" for none). */
    private static Map<String, String> readmeRows() throws IOException {
        Path readme = Files.exists(Path.of("README.md")) ? Path.of("README.md") : Path.of("..", "README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("\n## Configuration\n");
        assertThat(start).as("README has a Configuration section").isNotNegative();
        String section = text.substring(start + 1);
        int end = section.indexOf("\n#", 1);
        section = end < 0 ? section : section.substring(0, end);
        var row = Pattern.compile("(?m)^\\| (`[^`]+`|—) \\| (`[^`]+`|—) \\|");
        var rows = new LinkedHashMap<String, String>();
        var m = row.matcher(section);
        while (m.find()) {
            String key = m.group(1).replace("`", "");
            String env = m.group(2).replace("`", "");
            if (!key.equals("—")) { // a row without a key is the launch script's (CELERIS_JAVA_OPTS)
                assertThat(rows.put(key, env)).as("one row per key: " + key).isNull();
            }
        }
        assertThat(rows).as("rows found in README's configuration table").hasSizeGreaterThan(40);
        return rows;
    }

    @Test
    void thePoolIsPooledUnlessABenchmarkAsksOtherwise() {
        assertThat(Settings.database(Settings.load(Map.of(), Map.of())).pool().mode())
                .isEqualTo(DatabaseSettings.Pool.Mode.POOLED);
        assertThat(Settings.database(Settings.load(Map.of("DATABASE_POOL_MODE", "unpooled"), Map.of())).pool().mode())
                .isEqualTo(DatabaseSettings.Pool.Mode.UNPOOLED);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Settings.database(Settings.load(Map.of("DATABASE_POOL_MODE", "none"), Map.of())))
                .withMessageContaining("database.pool.mode");
    }
}
