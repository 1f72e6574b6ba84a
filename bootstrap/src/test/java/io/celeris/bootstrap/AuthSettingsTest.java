package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

import io.celeris.adapter.http.ApiToken;
import io.celeris.adapter.http.Scope;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Tokens as configured (digests, three forms) and the start-up warnings about open defaults. */
class AuthSettingsTest {

    static String sha256(String secret) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void tokensComeAsOneLineAndInTheOlderPlainForm() throws Exception {
        var config = Settings.load(Map.of(
                "CELERIS_AUTH_TOKENS", " ci-new:write:" + sha256("new") + " , ops:write+admin:" + sha256("ops").toUpperCase(),
                "CELERIS_API_TOKEN", "legacy-secret"), Map.of());
        List<ApiToken> tokens = Settings.tokens(config).all();
        assertThat(tokens).extracting(ApiToken::name).containsExactly("ci-new", "ops", "api-token");
        assertThat(tokens).extracting(ApiToken::scopes).containsExactly(Set.of(Scope.WRITE),
                Set.of(Scope.WRITE, Scope.ADMIN), Set.of(Scope.WRITE));
        assertThat(HexFormat.of().formatHex(tokens.get(1).sha256())).isEqualTo(sha256("ops"));
        assertThat(HexFormat.of().formatHex(tokens.get(2).sha256())).as("the plain secret, hashed").isEqualTo(sha256("legacy-secret"));
    }

    @Test
    void tokensComeAsAListOfKeys() throws Exception {
        var config = Settings.load(Map.of(), Map.of(
                "celeris.auth.tokens.0.name", "ci-old",
                "celeris.auth.tokens.0.sha256", sha256("old"),
                "celeris.auth.tokens.0.scopes", "write",
                "celeris.auth.tokens.1.name", "ci-new",
                "celeris.auth.tokens.1.sha256", sha256("new"),
                "celeris.auth.tokens.1.scopes", "write+admin"));
        assertThat(Settings.tokens(config).all()).extracting(ApiToken::name, ApiToken::scopes).containsExactly(
                tuple("ci-old", Set.of(Scope.WRITE)), tuple("ci-new", Set.of(Scope.WRITE, Scope.ADMIN)));
    }

    @Test
    void theYamlFormOfTheReadme() throws Exception {
        String yaml = """
                celeris:
                  auth:
                    tokens:
                      - {name: ci-2026-11, sha256: "%s", scopes: [write]}
                      - name: ops
                        sha256: "%s"
                        scopes: [write, admin]
                """.formatted(sha256("a"), sha256("b"));
        var config = Config.just(ConfigSources.create(yaml, MediaTypes.create("application/x-yaml")));
        assertThat(Settings.tokens(config).all()).extracting(ApiToken::name, ApiToken::scopes).containsExactly(
                tuple("ci-2026-11", Set.of(Scope.WRITE)), tuple("ops", Set.of(Scope.WRITE, Scope.ADMIN)));
    }

    @Test
    void oneOlderSecretForWritesAndAdminIsOneTokenWithBothScopes() {
        var config = Settings.load(Map.of("CELERIS_API_TOKEN", "same", "CELERIS_ADMIN_TOKEN", "same"), Map.of());
        assertThat(Settings.tokens(config).all()).singleElement()
                .satisfies(t -> assertThat(t.scopes()).containsExactlyInAnyOrder(Scope.WRITE, Scope.ADMIN));
    }

    @Test
    void badTokensStopTheStartWithAMessageThatNamesTheTokenNotItsDigest() throws Exception {
        String good = sha256("x");
        for (var bad : List.of(
                Map.entry("ci:write:" + good.substring(1), "64 hex digits"),
                Map.entry("ci:write:" + "g" + good.substring(1), "not hexadecimal"),
                Map.entry("ci:read:" + good, "unknown token scope 'read'"),
                Map.entry("ci::" + good, "at least one scope"),
                Map.entry("ci:write", "name:scopes:sha256"),
                Map.entry("c i:write:" + good, "token name"),
                Map.entry("ci:write:" + good + ",ci:admin:" + sha256("y"), "two tokens are named ci"),
                Map.entry("ci:write:" + good + ",ops:admin:" + good, "same secret"))) {
            var config = Settings.load(Map.of("CELERIS_AUTH_TOKENS", bad.getKey()), Map.of());
            assertThatIllegalArgumentException().as(bad.getKey()).isThrownBy(() -> Settings.tokens(config))
                    .withMessageContaining(bad.getValue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(good.substring(1, 20)));
        }
    }

    @Test
    void openDefaultsAreWarnedAbout() {
        var defaults = Settings.load(Map.of(), Map.of());
        assertThat(Settings.securityWarnings(defaults, Settings.http(defaults))).satisfiesExactly(
                w -> assertThat(w).contains("writes are accepted only from loopback clients"),
                w -> assertThat(w).contains("cursors", "will not survive a restart nor work across instances"));

        var configured = Settings.load(Map.of("CELERIS_AUTH_TOKENS", "ci:write:" + "ab".repeat(32),
                "CELERIS_CURSOR_SECRET", "0123456789abcdef0123"), Map.of());
        assertThat(Settings.securityWarnings(configured, Settings.http(configured))).isEmpty();

        // A proxy and no write token: every write through it is refused (a forwarded request is not local).
        var proxied = Settings.load(Map.of("CELERIS_TRUSTED_PROXIES", "127.0.0.1/32",
                "CELERIS_CURSOR_SECRET", "0123456789abcdef0123"), Map.of());
        assertThat(Settings.securityWarnings(proxied, Settings.http(proxied))).satisfiesExactly(
                w -> assertThat(w).contains("writes are accepted only from loopback clients", "never through a proxy"),
                w -> assertThat(w).contains("server.trusted-proxies names a proxy but no write token is configured"));
        var proxiedWithToken = Settings.load(Map.of("CELERIS_TRUSTED_PROXIES", "127.0.0.1/32",
                "CELERIS_AUTH_TOKENS", "ci:write:" + "ab".repeat(32), "CELERIS_CURSOR_SECRET", "0123456789abcdef0123"),
                Map.of());
        assertThat(Settings.securityWarnings(proxiedWithToken, Settings.http(proxiedWithToken))).isEmpty();

        var legacy = Settings.load(Map.of("CELERIS_API_TOKEN", "plain", "CELERIS_CURSOR_SECRET", "0123456789abcdef0123"),
                Map.of());
        assertThat(Settings.securityWarnings(legacy, Settings.http(legacy))).singleElement().asString()
                .contains("celeris.api.token holds a plain secret", "prefer its SHA-256 digest").doesNotContain("plain\"");
    }

    @Test
    void theServerSaysSoAtStartUp() {
        var records = new ArrayList<LogRecord>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Celeris.class.getName());
        log.addHandler(capture);
        try (Celeris app = Celeris.start(Settings.load(Map.of(), Map.of("server.port", "0",
                "database.url", "jdbc:h2:mem:auth-warnings;DB_CLOSE_DELAY=-1", "celeris.demo.users", "0")))) {
            assertThat(app.port()).isPositive();
        } finally {
            log.removeHandler(capture);
        }
        assertThat(records).filteredOn(r -> r.getLevel() == Level.WARNING).extracting(LogRecord::getMessage)
                .anySatisfy(m -> assertThat(m).contains("writes are accepted only from loopback clients"))
                .anySatisfy(m -> assertThat(m).contains("random key", "will not survive a restart"));
    }
}
