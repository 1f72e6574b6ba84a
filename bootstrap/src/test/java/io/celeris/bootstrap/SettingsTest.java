package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.celeris.adapter.http.ApiToken;
import io.celeris.adapter.persistence.DatabaseSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

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
    void everyDocumentedVariableNamesAKeyOfTheYaml() {
        var config = Settings.load(Map.of(), Map.of());
        // Keys the YAML leaves commented out default to values computed from the machine.
        var computed = java.util.Set.of("database.pool.minimum-idle", "database.pool.maximum-pool-size",
                "database.admission.queue",
                // A list (or one line) with no default: an empty value here would clash with a list elsewhere.
                "celeris.auth.tokens");
        Settings.ENV.forEach((env, key) -> assertThat(config.get(key).exists() || computed.contains(key))
                .as(env + " -> " + key).isTrue());
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
