package io.celeris.adapter.persistence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PgBouncer of one test's own in transaction pooling mode, in front of a PostgreSQL server: Debian's
 * {@code /usr/sbin/pgbouncer} (or {@code CELERIS_TEST_PGBOUNCER}) as a child process on a free port of 127.0.0.1,
 * its ini, log and pid file in a temporary directory; {@link #stop()} / {@link #start()} restart it on the same
 * port, {@link #close()} stops it for good. PgBouncer refuses to run as root, so as root it runs as the OS user
 * {@code postgres} ({@code runuser}). Never skips: a missing binary is a failure that says how to install it.
 */
public final class PgBouncer implements AutoCloseable {

    private static final String OS_USER = "postgres";

    private final Path binary;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private Process process;

    private PgBouncer(Path binary, Path dir, int port, boolean asPostgresUser) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /**
     * Starts a PgBouncer in transaction mode in front of the server of {@code jdbcUrl}; every database name is
     * passed through, users are trusted (as by the test server).
     *
     * @param jdbcUrl      a {@code jdbc:postgresql://host:port/db} URL of the real server
     * @param user         the database user clients log in as
     * @param poolSize     server connections per database and user ({@code default_pool_size})
     * @return the running PgBouncer
     */
    public static PgBouncer inFrontOf(String jdbcUrl, String user, int poolSize) {
        Path binary = binary();
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir;
        try {
            dir = Files.createTempDirectory("celeris-pgbouncer-");
            int port = freePort();
            Files.writeString(dir.resolve("userlist.txt"), "\"" + user + "\" \"\"\n");
            Files.writeString(dir.resolve("pgbouncer.ini"), """
                    [databases]
                    * = host=%s port=%d

                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = trust
                    auth_file = %s/userlist.txt
                    pool_mode = transaction
                    default_pool_size = %d
                    max_client_conn = 1000
                    ; pgjdbc sends it at startup; PgBouncer would refuse the connection otherwise.
                    ignore_startup_parameters = extra_float_digits
                    server_connect_timeout = 2
                    ; A client waiting for a server connection gives up after this instead of PgBouncer's 120 s.
                    query_wait_timeout = 10
                    server_login_retry = 1
                    logfile = %s/pgbouncer.log
                    pidfile = %s/pgbouncer.pid
                    """.formatted(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), port, dir, poolSize, dir, dir));
            if (root) {
                var owner = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.toList()) {
                        Files.setOwner(p, owner);
                    }
                }
            }
            var bouncer = new PgBouncer(binary, dir, port, root);
            bouncer.start();
            return bouncer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare PgBouncer (running as root, it needs the OS user "
                    + OS_USER + ", which the postgresql package creates)", e);
        }
    }

    /** Starts PgBouncer (again, on the same port) and waits until it accepts connections. */
    public synchronized void start() {
        var command = new ArrayList<String>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        command.addAll(List.of(binary.toString(), dir.resolve("pgbouncer.ini").toString()));
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + String.join(" ", command), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pgbouncer exited with " + process.exitValue() + ":\n" + log());
            }
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("pgbouncer did not listen on " + port + " within 15 s:\n" + log());
                }
                sleep(50);
            }
        }
    }

    /** Stops PgBouncer at once (SIGTERM: immediate shutdown, client and server connections dropped). */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        pid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                pid().flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // The pid file outlives a killed PgBouncer; wait until the port is free for the next start.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (listening() && System.nanoTime() - deadline < 0) {
                sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * @param database a database on the real server
     * @param options  JDBC URL parameters, e.g. {@code prepareThreshold=0}, or empty
     * @return a JDBC URL of that database through this PgBouncer
     */
    public String jdbcUrl(String database, String options) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + (options.isEmpty() ? "" : "?" + options);
    }

    /**
     * @param directUrl a {@code jdbc:postgresql://host:port/db[?…]} URL of the real server
     * @param options   JDBC URL parameters, or empty
     * @return the same database through this PgBouncer
     */
    public String through(String directUrl, String options) {
        String path = URI.create(directUrl.substring("jdbc:".length())).getPath();
        return jdbcUrl(path.substring(1), options);
    }

    public int port() {
        return port;
    }

    /**
     * @return PgBouncer's log so far
     */
    public String log() {
        try {
            var sb = new StringBuilder();
            for (String f : List.of("stdout.log", "pgbouncer.log")) {
                Path p = dir.resolve(f);
                if (Files.exists(p)) {
                    sb.append(Files.readString(p));
                }
            }
            return sb.toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.err.println("[pgbouncer] could not delete " + dir + ": " + e.getMessage());
            }
        }
    }

    private Optional<Long> pid() {
        try {
            Path p = dir.resolve("pgbouncer.pid");
            return Files.exists(p) ? Optional.of(Long.parseLong(Files.readString(p).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean listening() {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 100);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path binary() {
        String configured = System.getenv("CELERIS_TEST_PGBOUNCER");
        Path p = Path.of(configured == null || configured.isBlank() ? "/usr/sbin/pgbouncer" : configured);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException("no pgbouncer at " + p + ". Install it (apt-get install -y pgbouncer;"
                    + " .ci/run does) or point CELERIS_TEST_PGBOUNCER at a pgbouncer binary.");
        }
        return p;
    }

    private static int freePort() {
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
}
