package io.celeris.adapter.cache;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.embedded.RedisServer;

/**
 * A Redis server of a test's own, on a free port, that the test may kill, pause and restart: no
 * persistence, so a restart starts empty. Runs {@code redis-server} from the PATH, or else the binary
 * that embedded-redis ships.
 */
final class RedisProcess implements AutoCloseable {

    private final int port;
    private final List<String> extraArgs;
    private Process process;
    private RedisServer embedded;

    private RedisProcess(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = extraArgs;
    }

    static RedisProcess start(String... extraArgs) {
        var redis = new RedisProcess(freePort(), List.of(extraArgs));
        redis.restart();
        return redis;
    }

    String uri() {
        return "redis://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    String description() {
        return (embedded != null ? "embedded-redis's redis-server" : "redis-server from the PATH")
                + " on port " + port;
    }

    /** Starts the server (again, on the same port). */
    synchronized void restart() {
        try {
            Path binary = onPath("redis-server");
            if (binary != null) {
                var command = new ArrayList<>(List.of(binary.toString(), "--port", String.valueOf(port),
                        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"));
                command.addAll(extraArgs);
                process = new ProcessBuilder(command)
                        .directory(Files.createTempDirectory("celeris-redis").toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } else {
                var builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                        .setting("save \"\"").setting("appendonly no");
                for (int i = 0; i + 1 < extraArgs.size(); i += 2) {
                    builder.setting(extraArgs.get(i).substring(2) + " " + extraArgs.get(i + 1));
                }
                embedded = builder.build();
                embedded.start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!RedisTestServer.answers(uri())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis on port " + port + " did not start");
            }
            sleep(20);
        }
    }

    /** Kills the server at once, as a crash would. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            embedded = null;
        }
    }

    /** Freezes (true) or thaws (false) the server: connections stay open, nothing answers. */
    synchronized void pause(boolean frozen) {
        long pid = process != null ? process.pid() : ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(String.valueOf(port)))
                .findFirst().orElseThrow().pid();
        try {
            waitFor(new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT", String.valueOf(pid)).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
