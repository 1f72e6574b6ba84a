package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.jul.HelidonConsoleHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsyncConfigurationTest {

    private static final String APP = LoggingSettings.APPLICATION_PREFIX;
    private static final String ACCESS = LoggingSettings.ACCESS_PREFIX;

    private static Config config(Map<String, String> values) {
        return Config.just(ConfigSources.create(values));
    }

    private static HandlerSettings application(Map<String, String> file) {
        return LoggingSettings.read(Config.empty(), k -> null, file::get).application();
    }

    @Test
    void settingsAreReadFromKeysAndBadValuesKeepTheirDefaults() {
        var problems = new ArrayList<String>();
        var settings = AsyncSettings.from(config(Map.of(
                "capacity", "100",
                "overflow", "Block_Then_Drop",
                "blockTimeout", "PT0.025S",
                "neverDropLevel", "SEVERE",
                "batchSize", "0",
                "closeTimeout", "PT2S",
                "mdcKeys", "request_id, user",
                "captureSource", "true",
                "linger", "3ms")), AsyncSettings.DEFAULTS, problems::add);

        assertThat(settings).isEqualTo(new AsyncSettings(100, Overflow.BLOCK_THEN_DROP, Duration.ofMillis(25),
                Level.SEVERE, AsyncSettings.DEFAULTS.batchSize(), Duration.ofSeconds(2), List.of("request_id", "user"),
                true, AsyncSettings.DEFAULTS.linger()));
        assertThat(problems).hasSize(2).anyMatch(p -> p.startsWith("invalid batchSize '0'"))
                .anyMatch(p -> p.startsWith("invalid linger '3ms'"));
        assertThat(AsyncSettings.from(config(Map.of("mdcKeys", "")), AsyncSettings.DEFAULTS, problems::add).mdcKeys())
                .isEmpty();
    }

    @Test
    void durationsAreHelidonsIsoDurations() {
        assertThat(AsyncSettings.of("linger", "PT0.001S").linger()).isEqualTo(Duration.ofMillis(1));
        assertThat(AsyncSettings.of("closeTimeout", "pt5s").closeTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> AsyncSettings.of("blockTimeout", "-PT5S")).hasMessageContaining("negative");
        assertThatThrownBy(() -> AsyncSettings.of("blockTimeout", "10ms")).hasMessageContaining("invalid blockTimeout");
    }

    @Test
    void overflowSpellings() {
        assertThat(Overflow.parse("drop")).isEqualTo(Overflow.DROP);
        assertThat(Overflow.parse(" BLOCK ")).isEqualTo(Overflow.BLOCK);
        assertThatThrownBy(() -> Overflow.parse("lose")).hasMessageContaining("block, drop or block-then-drop");
    }

    @Test
    void settingsRefuseNonsenseInCode() {
        assertThatThrownBy(() -> AsyncSettings.of("capacity", "0")).isInstanceOf(IllegalArgumentException.class);
        // The queue's array is made at once: 2^31 - 1 was an OutOfMemoryError and a stack trace at start.
        assertThatThrownBy(() -> AsyncSettings.of("capacity", "2147483647")).hasMessageContaining("1..1048576");
        assertThat(AsyncSettings.of("capacity", "1048576").capacity()).isEqualTo(AsyncSettings.MAX_CAPACITY);
        var read = LoggingSettings.read(Config.empty(), k -> k.equals(ACCESS + "capacity") ? "2147483647" : null,
                k -> null);
        assertThat(read.access().async().capacity()).as("the default kept").isEqualTo(8192);
        assertThat(read.access().problems()).singleElement().asString().contains("capacity", "2147483647", "1..1048576");
        assertThatThrownBy(() -> AsyncSettings.of("capacty", "10")).hasMessageContaining("unknown key capacty");
        assertThatThrownBy(() -> new FileSettings("a.log", -1, 1, true)).isInstanceOf(IllegalArgumentException.class);
    }

    /** README, Logging: a -D of the handler's own key, then config, then logging.properties. */
    @Test
    void aSystemPropertyWinsOverConfigWhichWinsOverLoggingProperties() {
        var config = config(Map.of(
                "celeris.logging.handler.block-timeout", "PT0.025S",
                "celeris.logging.handler.Overflow", "drop",
                "celeris.logging.handler.file", "",
                "celeris.logging.access-handler.capacity", "4096",
                "celeris.logging.access-handler.linger", "PT0.002S",
                "celeris.logging.access-handler.not-a-key", "x"));
        Map<String, String> system = Map.of(ACCESS + "linger", "PT0.005S");
        Map<String, String> file = Map.of(APP + "overflow", "block", APP + "capacity", "16", APP + "file", "app.log",
                ACCESS + "capacity", "32", ACCESS + "mdcKeys", "");

        var settings = LoggingSettings.read(config, system::get, file::get);

        assertThat(settings.application().async()).isEqualTo(AsyncSettings.of("blockTimeout", "PT0.025S",
                "overflow", "drop", "capacity", "16"));
        // An empty value in config is no value: the file's stands.
        assertThat(settings.application().file()).contains(new FileSettings("app.log", 0, 1, true));
        assertThat(settings.access().async()).isEqualTo(LoggingSettings.ACCESS_DEFAULTS.async().with("capacity",
                "4096", "linger", "PT0.005S", "mdcKeys", ""));
        assertThat(settings.access().name()).isEqualTo("celeris-async-access-log");
        assertThat(settings.application().problems()).isEmpty();
        assertThat(settings.access().problems()).isEmpty();
    }

    @Test
    void nothingConfiguredGivesTheDefaults() {
        var settings = LoggingSettings.read(Config.empty(), k -> null, k -> null);
        assertThat(settings.application()).isEqualTo(LoggingSettings.APPLICATION_DEFAULTS);
        assertThat(settings.access()).isEqualTo(LoggingSettings.ACCESS_DEFAULTS);
        // Waits for room, a second at most: a stalled sink costs lines (counted), not every request thread.
        assertThat(settings.access().async().overflow()).isEqualTo(Overflow.BLOCK_THEN_DROP);
        assertThat(settings.access().async().blockTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.access().formatter()).isEqualTo(MessageOnlyFormatter.class.getName());
    }

    @Test
    void propertiesChooseTheDelegateItsFormatterAndTheLevel() {
        var h = new AsyncHandler(application(Map.of(
                APP + "delegate", CollectingHandler.class.getName(),
                APP + "formatter", JsonLinesFormatter.class.getName(),
                APP + "level", "FINE",
                APP + "capacity", "64")));
        try {
            assertThat(h.getFormatter()).isInstanceOf(JsonLinesFormatter.class);
            assertThat(h.getLevel()).isEqualTo(Level.FINE);
            assertThat(h.settings().capacity()).isEqualTo(64);
        } finally {
            h.close();
        }
    }

    @Test
    void aDelegateThatCannotBeBuiltFallsBackToTheConsoleAndSaysSo() {
        var problems = new ArrayList<String>();
        var settings = application(Map.of(APP + "delegate", "no.such.Handler", APP + "level", "LOUD"));

        var delegate = Delegates.build(settings, problems);

        assertThat(delegate).isInstanceOf(HelidonConsoleHandler.class);
        assertThat(settings.level()).isEqualTo(Level.ALL);
        assertThat(settings.problems()).anyMatch(p -> p.contains("invalid level 'LOUD'"));
        assertThat(problems).anyMatch(p -> p.contains("no.such.Handler"));
    }

    @Test
    void theFileKeyWritesToAFileInBatchesRotatedOrNotAndCreatesItsDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/access.log");
        var problems = new ArrayList<String>();
        var single = application(Map.of(APP + "file", file.toString(), APP + "formatter",
                MessageOnlyFormatter.class.getName()));
        assertThat(Delegates.build(single, problems)).isInstanceOf(BatchingFileHandler.class);
        // A size limit and generations: batched too (the JDK's FileHandler would flush every record).
        var rotating = application(Map.of(APP + "file", dir.resolve("r.%g.log").toString(), APP + "fileLimit",
                "1000000", APP + "fileCount", "3"));
        assertThat(rotating.file()).contains(new FileSettings(dir.resolve("r.%g.log").toString(), 1_000_000, 3, true));
        var rotatingDelegate = Delegates.build(rotating, problems);
        assertThat(rotatingDelegate).isInstanceOf(BatchingFileHandler.class);
        rotatingDelegate.close();
        assertThat(problems).isEmpty();

        var h = new AsyncHandler(single);
        h.publish(new LogRecord(Level.INFO, "GET / 200"));
        h.close();
        assertThat(Files.readString(file)).isEqualTo("GET / 200\n");
    }

    @Test
    void theAccessLogHandlerReadsItsOwnPrefixAndSystemPropertiesWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        System.setProperty(ACCESS + "file", file.toString());
        System.setProperty(ACCESS + "capacity", "32");
        AsyncAccessLogHandler h;
        try {
            h = new AsyncAccessLogHandler();
        } finally {
            System.clearProperty(ACCESS + "file");
            System.clearProperty(ACCESS + "capacity");
        }
        assertThat(h.name()).isEqualTo("celeris-async-access-log");
        assertThat(h.settings().overflow()).isEqualTo(Overflow.BLOCK_THEN_DROP);
        assertThat(h.settings().capacity()).isEqualTo(32);
        assertThat(h.getFormatter()).isInstanceOf(MessageOnlyFormatter.class);
        h.publish(new LogRecord(Level.INFO, "{\"status\":200}"));
        h.close();
        assertThat(Files.readString(file)).isEqualTo("{\"status\":200}\n");
    }

    @Test
    void theRootHandlerDefaultsToTheConsoleWithTextLines() {
        var h = new AsyncHandler(LoggingSettings.APPLICATION_DEFAULTS);
        try {
            assertThat(h.settings()).isEqualTo(AsyncSettings.DEFAULTS);
            assertThat(h.getFormatter()).isInstanceOf(TextLineFormatter.class);
            assertThat(h.getLevel()).isEqualTo(Level.ALL);
            assertThat(LoggingSettings.APPLICATION_DEFAULTS.filter()).isEqualTo(Optional.empty());
        } finally {
            h.close();
        }
    }

    /** The service's logging.properties, as shipped, is read without a single problem. */
    @Test
    void theShippedLoggingPropertiesAreValid() throws Exception {
        var properties = new java.util.Properties();
        try (var in = AsyncConfigurationTest.class.getResourceAsStream("/logging.properties")) {
            properties.load(in);
        }
        var settings = LoggingSettings.read(Config.empty(), k -> null, properties::getProperty);
        assertThat(settings.application().problems()).isEmpty();
        assertThat(settings.access().problems()).isEmpty();
        assertThat(settings.application().async().blockTimeout()).isEqualTo(Duration.ofMillis(10));
        assertThat(settings.access().async().overflow()).isEqualTo(Overflow.BLOCK_THEN_DROP);
        assertThat(settings.access().async().blockTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.access().async().mdcKeys()).isEmpty();
        assertThat(settings.access().async().linger()).isEqualTo(Duration.ofMillis(10));
        assertThat(settings.application().async().linger()).isEqualTo(Duration.ofMillis(1));
        assertThat(settings.access().delegate()).isEqualTo(BatchingConsoleHandler.class.getName());
    }

    @Test
    void outsideShutdownTheLogManagerResetsAtOnce() {
        assertThat(ShutdownSafeLogManager.shuttingDown()).isFalse();
        assertThat(LogManager.getLogManager()).isNotNull();
    }
}
