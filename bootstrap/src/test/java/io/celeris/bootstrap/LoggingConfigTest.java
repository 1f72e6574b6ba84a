package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LoggingConfigTest {

    private static final String APP = "io.celeris.bootstrap.logging.AsyncHandler.";
    private static final String ACCESS = "io.celeris.bootstrap.logging.AsyncAccessLogHandler.";

    @Test
    void handlerKeysFromConfigBecomeTheSystemPropertiesTheHandlersRead() {
        var config = Settings.load(Map.of("CELERIS_ACCESS_LOG_FILE", "/tmp/access.log"), Map.of(
                "celeris.logging.handler.block-timeout", "25ms",
                "celeris.logging.handler.overflow", "drop",
                "celeris.logging.access-handler.capacity", "4096",
                "celeris.logging.access-handler.linger", "2ms",
                "celeris.logging.access-handler.not-a-key", "x"));
        var system = new Properties();
        system.setProperty(ACCESS + "linger", "5ms"); // a -D wins over config

        assertThat(LoggingConfig.properties(config, system)).containsOnly(
                Map.entry(APP + "blockTimeout", "25ms"),
                Map.entry(APP + "overflow", "drop"),
                Map.entry(ACCESS + "file", "/tmp/access.log"),
                Map.entry(ACCESS + "capacity", "4096"));
    }

    @Test
    void nothingConfiguredSetsNothing() {
        // application.yaml holds empty file keys: they set nothing either.
        assertThat(LoggingConfig.properties(Settings.load(Map.of(), Map.of()), new Properties())).isEmpty();
    }
}
