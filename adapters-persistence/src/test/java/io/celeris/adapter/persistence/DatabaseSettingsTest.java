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

    private static DatabaseSettings.Pool with(Duration connection, Duration maxLifetime, Duration keepalive,
                                              Duration idle, Duration validation) {
        var d = TestDatabaseSettings.pool();
        return new DatabaseSettings.Pool(d.name(), d.minimumIdle(), d.maximumPoolSize(), connection, maxLifetime,
                keepalive, idle, Duration.ZERO, validation);
    }

    @Test
    void durationsHikariWouldRefuseOrReplaceWithADefaultAreRefused() {
        Duration s3 = Duration.ofSeconds(3);
        Duration m30 = Duration.ofMinutes(30);
        Duration m2 = Duration.ofMinutes(2);
        Duration m10 = Duration.ofMinutes(10);
        Duration s1 = Duration.ofSeconds(1);
        assertThat(with(s3, m30, m2, m10, s1).maxLifetime()).isEqualTo(m30);
        assertThat(with(s3, Duration.ZERO, Duration.ZERO, Duration.ZERO, s1).keepaliveTime()).as("all off").isZero();
        var cases = java.util.Map.<String, Runnable>of(
                "connection-timeout", () -> with(Duration.ofMillis(249), m30, m2, m10, Duration.ofMillis(250)),
                "validation-timeout", () -> with(s3, m30, m2, m10, Duration.ofMillis(-1)),
                "must be shorter than database.pool.connection-timeout", () -> with(s3, m30, m2, m10, s3),
                "max-lifetime must be PT0S (off) or at least PT30S", () -> with(s3, Duration.ofSeconds(-1), m2, m10, s1),
                "keepalive-time must be PT0S (off) or at least PT30S", () -> with(s3, m30, Duration.ofSeconds(-1), m10, s1),
                "keepalive-time must be PT0S (off) or shorter than", () -> with(s3, m30, m30, m10, s1),
                "idle-timeout must be PT0S (off) or at least PT10S", () -> with(s3, m30, m2, Duration.ofSeconds(5), s1));
        cases.forEach((message, build) -> assertThatIllegalArgumentException().as(message)
                .isThrownBy(build::run).withMessageContaining(message));
        assertThatIllegalArgumentException().isThrownBy(() -> new DatabaseSettings.Admission(1, Duration.ofMillis(-1)))
                .withMessageContaining("database.admission.timeout must not be negative");
    }

    @Test
    void aRefusedUrlIsShownWithoutItsPassword() {
        assertThat(DatabaseSettings.redacted("jdbc:postgres://u:S3CRETPW@127.0.0.1:5999/x"))
                .isEqualTo("jdbc:postgres://u:***@127.0.0.1:5999/x");
        assertThat(DatabaseSettings.redacted("jdbc:mysql://h/x?user=u&password=S3CRET&ssl=true"))
                .isEqualTo("jdbc:mysql://h/x?user=u&password=***&ssl=true");
        assertThat(DatabaseSettings.redacted("jdbc:sqlserver://h;user=u;Password=S3CRET;db=x"))
                .isEqualTo("jdbc:sqlserver://h;user=u;Password=***;db=x");
        var pool = TestDatabaseSettings.pool();
        assertThatIllegalArgumentException().isThrownBy(() -> new DatabaseSettings("jdbc:postgres://u:S3CRETPW@h/x", "u",
                "", pool, TestDatabaseSettings.admission(pool))).withMessageNotContaining("S3CRETPW")
                .withMessageContaining("jdbc:postgres://u:***@h/x");
    }

    @Test
    void poolsArePooledUnlessABenchmarkSaysOtherwise() {
        assertThat(withLeakDetection(Duration.ZERO, Duration.ofMinutes(30)).mode())
                .isEqualTo(DatabaseSettings.Pool.Mode.POOLED);
    }
}
