package io.celeris.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An nginx of one test's own, running the shipped {@code deploy/nginx/celeris.conf} in front of instances on
 * loopback: Debian's {@code /usr/sbin/nginx} (or {@code CELERIS_TEST_NGINX}) as a child process, on a free port,
 * with its configuration, logs and temporary files in a temporary directory, stopped by {@link #close()}.
 * Never skips: a missing binary is a failure that says how to install it.
 */
final class Nginx implements AutoCloseable {

    /** The file users deploy; the test runs exactly it, with its ports replaced. */
    static final Path SHIPPED_CONF = repositoryRoot().resolve("deploy/nginx/celeris.conf");

    private final Path dir;
    private final int port;
    private final Process process;

    private Nginx(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * @param upstreamPorts the instances' ports on 127.0.0.1
     * @return nginx running the shipped configuration in front of them
     */
    static Nginx start(List<Integer> upstreamPorts) {
        return start(upstreamPorts, UnaryOperator.identity());
    }

    /**
     * @param upstreamPorts the instances' ports on 127.0.0.1
     * @param edit          a change to the shipped configuration's text (e.g. drop a line)
     * @return nginx running it
     */
    static Nginx start(List<Integer> upstreamPorts, UnaryOperator<String> edit) {
        Path binary = binary();
        int port = freePort();
        Path dir;
        try {
            dir = Files.createTempDirectory("celeris-nginx-");
            String site = edit.apply(site(Files.readString(SHIPPED_CONF), port, upstreamPorts));
            Files.writeString(dir.resolve("celeris.conf"), site);
            boolean root = "root".equals(System.getProperty("user.name"));
            Files.writeString(dir.resolve("nginx.conf"), """
                    %s
                    worker_processes 1;
                    error_log %s/error.log info;
                    events { worker_connections 1024; }
                    http {
                        log_format upstream '$remote_addr "$request" $status upstream=$upstream_addr';
                        access_log %s/access.log upstream;
                        client_body_temp_path %s/client_body;
                        proxy_temp_path %s/proxy;
                        fastcgi_temp_path %s/fastcgi;
                        uwsgi_temp_path %s/uwsgi;
                        scgi_temp_path %s/scgi;
                        include %s/celeris.conf;
                    }
                    """.formatted(root ? "user root root;" : "", dir, dir, dir, dir, dir, dir, dir, dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(binary.toString(), "-e", dir.resolve("error.log").toString(),
                    "-c", dir.resolve("nginx.conf").toString(), "-p", dir.toString(),
                    "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        var nginx = new Nginx(dir, port, process);
        nginx.awaitListening(Duration.ofSeconds(15));
        return nginx;
    }

    /** The shipped site with the test's ports in the marked lines. */
    static String site(String shipped, int listen, List<Integer> upstreamPorts) {
        var out = new ArrayList<String>();
        boolean upstreamsWritten = false;
        for (String line : shipped.split("\n", -1)) {
            if (line.strip().startsWith("server ") && line.contains("# celeris:upstream")) {
                if (!upstreamsWritten) {
                    // "server <host:port> <options>;": keep the options, replace the address.
                    var m = java.util.regex.Pattern.compile("server\\s+\\S+([^;]*);").matcher(line);
                    String options = m.find() ? m.group(1) : "";
                    for (int p : upstreamPorts) {
                        out.add("    server 127.0.0.1:" + p + options + ";");
                    }
                    upstreamsWritten = true;
                }
            } else if (line.strip().startsWith("listen ") && line.contains("# celeris:listen")) {
                out.add("    listen 127.0.0.1:" + listen + ";");
            } else {
                out.add(line);
            }
        }
        if (!upstreamsWritten || out.stream().noneMatch(l -> l.contains("listen 127.0.0.1:" + listen))) {
            throw new IllegalStateException(SHIPPED_CONF + " lost its '# celeris:upstream' or '# celeris:listen' marks");
        }
        return String.join("\n", out);
    }

    int port() {
        return port;
    }

    String baseUri() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * @return nginx's access log lines so far ({@code $remote_addr "$request" $status upstream=$upstream_addr})
     */
    List<String> accessLog() {
        try {
            Path log = dir.resolve("access.log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String errorLog() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void awaitListening(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            if (!process.isAlive()) {
                String out = read(dir.resolve("stdout.log"));
                String err = errorLog();
                close();
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + out + err);
            }
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    String err = errorLog();
                    close();
                    throw new IllegalStateException("nginx did not listen on " + port + " within " + within + ":\n" + err);
                }
                sleep(50);
            }
        }
    }

    /** Stops nginx (SIGTERM: fast shutdown, then SIGKILL if it lingers) and deletes its directory. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            // Workers are children of the master; a killed master leaves none that hold the port for long.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(dir);
        }
    }

    private static Path binary() {
        String configured = System.getenv("CELERIS_TEST_NGINX");
        Path p = Path.of(configured == null || configured.isBlank() ? "/usr/sbin/nginx" : configured);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("no nginx at " + p + ". Install it (apt-get install -y nginx; .ci/run does)"
                    + " or point CELERIS_TEST_NGINX at an nginx binary.");
        }
        return p;
    }

    private static Path repositoryRoot() {
        // Surefire runs in the module's directory; the repository root holds deploy/.
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("deploy/nginx/celeris.conf"))) {
                return p;
            }
        }
        throw new IllegalStateException("deploy/nginx/celeris.conf not found above " + here);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    static int freePort() {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("[nginx] could not delete " + root + ": " + e.getMessage());
        }
    }
}
