package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.logging.jul.HelidonConsoleHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncConfigurationTest {

    @Test
    void settingsAreReadFromKeysAndBadValuesKeepTheirDefaults() {
        var problems = new ArrayList<String>();
        var settings = AsyncSettings.from(Map.of(
                "capacity", "100",
                "overflow", "Block_Then_Drop",
                "blockTimeout", "25ms",
                "neverDropLevel", "SEVERE",
                "batchSize", "0",
                "closeTimeout", "PT2S",
                "mdcKeys", "request_id, user",
                "captureSource", "maybe",
                "linger", "3ms")::get, AsyncSettings.DEFAULTS, problems::add);

        assertThat(settings).isEqualTo(new AsyncSettings(100, Overflow.BLOCK_THEN_DROP, Duration.ofMillis(25),
                Level.SEVERE, AsyncSettings.DEFAULTS.batchSize(), Duration.ofSeconds(2), List.of("request_id", "user"),
                false, Duration.ofMillis(3)));
        assertThat(problems).hasSize(2).anyMatch(p -> p.startsWith("invalid batchSize '0'"))
                .anyMatch(p -> p.startsWith("invalid captureSource 'maybe'"));
        assertThat(AsyncSettings.from(Map.of("mdcKeys", "")::get, AsyncSettings.DEFAULTS, problems::add).mdcKeys())
                .isEmpty();
    }

    @Test
    void durationsReadTheUsualSpellings() {
        assertThat(AsyncSettings.parseDuration("10")).isEqualTo(Duration.ofMillis(10));
        assertThat(AsyncSettings.parseDuration("10ms")).isEqualTo(Duration.ofMillis(10));
        assertThat(AsyncSettings.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(AsyncSettings.parseDuration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(AsyncSettings.parseDuration("PT0.5S")).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> AsyncSettings.parseDuration("-5s")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overflowSpellings() {
        assertThat(Overflow.parse("drop")).isEqualTo(Overflow.DROP);
        assertThat(Overflow.parse(" BLOCK ")).isEqualTo(Overflow.BLOCK);
        assertThatThrownBy(() -> Overflow.parse("lose")).hasMessageContaining("block, drop or block-then-drop");
    }

    @Test
    void settingsRefuseNonsenseInCode() {
        assertThatThrownBy(() -> AsyncSettings.DEFAULTS.withCapacity(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AsyncSettings.DEFAULTS.withBlockTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void propertiesChooseTheDelegateItsFormatterAndTheLevel() {
        var config = PropertyConfig.read(Map.of(
                "delegate", CollectingHandler.class.getName(),
                "formatter", JsonLinesFormatter.class.getName(),
                "level", "FINE",
                "capacity", "64")::get, AsyncSettings.DEFAULTS, HelidonConsoleHandler.class.getName(), null);

        assertThat(config.delegate()).isInstanceOf(CollectingHandler.class);
        assertThat(config.delegate().getFormatter()).isInstanceOf(JsonLinesFormatter.class);
        assertThat(config.level()).isEqualTo(Level.FINE);
        assertThat(config.settings().capacity()).isEqualTo(64);
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void aDelegateThatCannotBeBuiltFallsBackToTheConsoleAndSaysSo() {
        var config = PropertyConfig.read(Map.of("delegate", "no.such.Handler", "level", "LOUD")::get,
                AsyncSettings.DEFAULTS, HelidonConsoleHandler.class.getName(), null);

        assertThat(config.delegate()).isInstanceOf(HelidonConsoleHandler.class);
        assertThat(config.level()).isEqualTo(Level.ALL);
        assertThat(config.problems()).anyMatch(p -> p.contains("no.such.Handler"))
                .anyMatch(p -> p.contains("invalid level 'LOUD'"));
    }

    @Test
    void theFileKeyWritesToAFileInBatchesAndCreatesItsDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/access.log");
        var config = PropertyConfig.read(Map.of("file", file.toString())::get, AsyncSettings.DEFAULTS,
                HelidonConsoleHandler.class.getName(), MessageOnlyFormatter.class.getName());
        // One file without rotation: buffered, written once per batch (FileHandler flushes every record).
        assertThat(config.delegate()).isInstanceOf(BatchingFileHandler.class);
        var rotating = PropertyConfig.read(Map.of("file", dir.resolve("r.%g.log").toString(), "fileLimit", "1000000")::get,
                AsyncSettings.DEFAULTS, HelidonConsoleHandler.class.getName(), MessageOnlyFormatter.class.getName());
        assertThat(rotating.delegate()).isInstanceOf(FileHandler.class);
        rotating.delegate().close();
        var h = new AsyncHandler(config.settings(), config.delegate());
        h.publish(new LogRecord(Level.INFO, "GET / 200"));
        h.close();
        assertThat(Files.readString(file)).isEqualTo("GET / 200\n");
    }

    @Test
    void theAccessLogHandlerReadsItsOwnPrefixAndSystemPropertiesWin(@TempDir Path dir) throws Exception {
        String prefix = AsyncAccessLogHandler.class.getName() + ".";
        Path file = dir.resolve("access.log");
        System.setProperty(prefix + "file", file.toString());
        System.setProperty(prefix + "capacity", "32");
        AsyncAccessLogHandler h;
        try {
            h = new AsyncAccessLogHandler();
        } finally {
            System.clearProperty(prefix + "file");
            System.clearProperty(prefix + "capacity");
        }
        assertThat(h.settings().overflow()).isEqualTo(Overflow.BLOCK);
        assertThat(h.settings().capacity()).isEqualTo(32);
        assertThat(h.getFormatter()).isInstanceOf(MessageOnlyFormatter.class);
        h.publish(new LogRecord(Level.INFO, "{\"status\":200}"));
        h.close();
        assertThat(Files.readString(file)).isEqualTo("{\"status\":200}\n");
    }

    @Test
    void theRootHandlerDefaultsToTheConsoleWithTextLines() {
        var h = new AsyncHandler();
        try {
            assertThat(h.settings()).isEqualTo(AsyncSettings.DEFAULTS);
            assertThat(h.getFormatter()).isInstanceOf(TextLineFormatter.class);
            assertThat(h.getLevel()).isEqualTo(Level.ALL);
        } finally {
            h.close();
        }
    }

    @Test
    void outsideShutdownTheLogManagerResetsAtOnce() {
        assertThat(ShutdownSafeLogManager.shuttingDown()).isFalse();
        assertThat(LogManager.getLogManager()).isNotNull();
    }
}
