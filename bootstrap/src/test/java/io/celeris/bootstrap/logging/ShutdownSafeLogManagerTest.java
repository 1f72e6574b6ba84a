package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shutdown hook that logs after the JDK's logging shutdown has begun: with the JDK's LogManager the line is
 * lost (the reset took the handler off the logger), with ShutdownSafeLogManager it is written.
 */
class ShutdownSafeLogManagerTest {

    @TempDir
    Path dir;

    private List<String> run(String... options) throws Exception {
        Path log = dir.resolve("probe-" + options.length + "-" + System.nanoTime() + ".log");
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        for (String o : options) {
            if (o.startsWith("-D")) {
                command.add(o);
            }
        }
        command.add(ShutdownProbe.class.getName());
        command.add(log.toString());
        for (String o : options) {
            if (!o.startsWith("-D")) {
                command.add(o);
            }
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("probe-out.txt").toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the probe exits").isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("probe-out.txt"))).isZero();
        return Files.readAllLines(log);
    }

    @Test
    void withTheJdkLogManagerALineLoggedDuringShutdownIsLost() throws Exception {
        // Proves the other two can fail: this is the race they are about.
        assertThat(run()).containsExactly("before shutdown");
    }

    @Test
    void selectedBySystemPropertyItWaitsForCloseAll() throws Exception {
        assertThat(run("-Djava.util.logging.manager=" + ShutdownSafeLogManager.class.getName()))
                .containsExactly("before shutdown", "during shutdown");
    }

    @Test
    void installedByMainItWaitsForCloseAll() throws Exception {
        assertThat(run("install")).containsExactly("before shutdown", "during shutdown");
    }

    @Test
    void withoutAHookToWaitForItDoesNotDelayTheExit() throws Exception {
        long t0 = System.nanoTime();
        assertThat(run("install", "nohook")).containsExactly("before shutdown");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }
}
