package io.celeris.adapter.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of three masters (no replicas) started by a test from the {@code redis-server} and
 * {@code redis-cli} on the PATH, on free ports of 127.0.0.1, keeping nothing on disk beyond a temporary
 * directory. {@link #uri()} is the {@code redis-cluster://} URI the service would be given.
 */
final class RedisClusterProcess implements AutoCloseable {

    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    private RedisClusterProcess() {
    }

    static RedisClusterProcess start() {
        var cluster = new RedisClusterProcess();
        try {
            for (int i = 0; i < 3; i++) {
                int port = freePortWithBus();
                Path dir = Files.createTempDirectory("celeris-redis-cluster");
                cluster.ports.add(port);
                cluster.nodes.add(new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "",
                        "--appendonly", "no", "--daemonize", "no")
                        .directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(dir.resolve("redis.log").toFile()).start());
            }
            for (int port : cluster.ports) {
                await(() -> cli(port, "ping").contains("PONG"), "node " + port + " answers");
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            run(create);
            for (int port : cluster.ports) {
                await(() -> cli(port, "cluster", "info").contains("cluster_state:ok"), "node " + port + " sees the cluster ok");
            }
            return cluster;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw new IllegalStateException("could not start a Redis Cluster here (redis-server and redis-cli on the PATH)", e);
        }
    }

    String uri() {
        return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    String description() {
        return "a Redis Cluster of 3 masters on ports " + ports;
    }

    @Override
    public void close() {
        for (Process p : nodes) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(args));
        return run(command);
    }

    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting until " + what);
            }
            RedisProcess.sleep(50);
        }
    }

    /** A free port whose cluster-bus port (port + 10000) is free too. */
    private static int freePortWithBus() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (var socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port + 10_000 > 65_535) {
                    continue;
                }
                try (var bus = new ServerSocket(port + 10_000)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port pair for a cluster node");
    }
}
