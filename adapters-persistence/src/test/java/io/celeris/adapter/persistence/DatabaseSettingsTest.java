package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    private static DatabaseSettings.Pool withLeakDetection(Duration threshold, Duration maxLifetime) {
        var d = TestDatabaseSettings.pool();
        return new DatabaseSettings.Pool(d.name(), d.minimumIdle(), d.maximumPoolSize(), d.connectionTimeout(),
                maxLifetime, d.keepaliveTime(), d.idleTimeout(), threshold, d.validationTimeout());
    }

    @Test
    void leakDetectionIsOffOrAThresholdHikariHonours() {
        assertThat(withLeakDetection(Duration.ZERO, Duration.ofMinutes(30)).leakDetectionThreshold()).isZero();
        assertThat(withLeakDetection(Duration.ofSeconds(2), Duration.ofMinutes(30)).leakDetectionThreshold())
                .hasSeconds(2);
        assertThat(withLeakDetection(Duration.ofMinutes(5), Duration.ZERO).leakDetectionThreshold())
                .as("no max lifetime, no upper bound").hasMinutes(5);
    }

    @Test
    void aThresholdHikariWouldSilentlyIgnoreIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withLeakDetection(Duration.ofMillis(1999), Duration.ofMinutes(30)))
                .withMessageContaining("leak-detection-threshold");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> withLeakDetection(Duration.ofMinutes(31), Duration.ofMinutes(30)))
                .withMessageContaining("max-lifetime");
    }

    @Test
    void poolsArePooledUnlessABenchmarkSaysOtherwise() {
        assertThat(withLeakDetection(Duration.ZERO, Duration.ofMinutes(30)).mode())
                .isEqualTo(DatabaseSettings.Pool.Mode.POOLED);
    }
}
