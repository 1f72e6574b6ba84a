package io.celeris.bootstrap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Celeris instance in a JVM of its own ({@code io.celeris.bootstrap.Main}), configured by environment
 * variables as in production, so that a test can kill it the way a machine dies: {@link #kill()} is SIGKILL,
 * with no shutdown hook, no goodbye to Redis or PostgreSQL, connections cut mid-answer.
 *
 * <p>Main runs from this module's test classpath (as in {@code SigtermAccessLogSystemTest}): tests run before the
 * jar is packaged, so {@code target/bootstrap.jar} could be stale or missing; main class and dependencies are
 * the same.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern UP = Pattern.compile("Celeris is up in \\d+ ms: http://localhost:(\\d+)/users");

    private final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private ServiceProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().daemon().name("output-" + name).start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    Matcher m = UP.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException(name + " ended before it was up"));
        });
        // A test JVM that dies must not leave instances behind.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    }

    /**
     * Starts an instance; {@link #awaitUp(Duration)} waits for it.
     *
     * @param name        for messages
     * @param environment the instance's settings, as environment variables (README's table)
     */
    static ServiceProcess start(String name, Map<String, String> environment) {
        var command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Three JVMs and the test share two cores: a small heap, one GC thread, C1 only.
                "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                "io.celeris.bootstrap.Main"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            return new ServiceProcess(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /**
     * @return the port the instance listens on, once it has said it is up
     */
    int awaitUp(Duration within) {
        try {
            return port.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not come up within " + within + ":\n" + String.join("\n", output), e);
        }
    }

    int port() {
        return port.join();
    }

    String baseUri() {
        return "http://127.0.0.1:" + port();
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the instance is gone at once, mid-request. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived SIGKILL for 10 s");
        }
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** SIGTERM (an orderly stop), SIGKILL if it takes longer than 15 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
