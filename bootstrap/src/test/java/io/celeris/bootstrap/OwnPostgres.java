package io.celeris.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of one test's own, which the test may stop and start: a cluster made by
 * {@code initdb} in a temporary directory, listening on a free port of 127.0.0.1, driven by
 * {@code pg_ctl} from the newest {@code /usr/lib/postgresql/<version>/bin} (or {@code CELERIS_TEST_PG_BIN}).
 * The shared server on 5432 is never touched. PostgreSQL refuses to run as root, so as root every
 * command runs as the OS user {@code postgres} ({@code runuser}). Never skips: anything missing is a
 * failure that says what to install.
 */
final class OwnPostgres implements AutoCloseable {

    private static final String USER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean asPostgresUser;
    private final Thread stopAtExit;
    private boolean running;

    private OwnPostgres(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        // If the JVM exits before close(), leave neither a server running nor its directory.
        this.stopAtExit = new Thread(this::close, "own-postgres-stop");
    }

    /**
     * Makes a new cluster (not started yet).
     *
     * @return the cluster
     */
    static OwnPostgres create() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = newDirectory(root);
        var pg = new OwnPostgres(bin, dir, freePort(), root);
        try {
            pg.run(List.of(bin.resolve("initdb").toString(), "-D", pg.data.toString(), "--username=" + USER,
                    "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"));
            // Small and fast. fsync off only risks data on an OS crash; a stopped or killed server keeps every
            // committed row (so synchronous_commit stays on: off would lose the last commits to a kill).
            Files.writeString(pg.data.resolve("postgresql.conf"), """

                    # celeris test cluster
                    port = %d
                    listen_addresses = '127.0.0.1'
                    unix_socket_directories = '%s'
                    max_connections = 40
                    shared_buffers = 16MB
                    fsync = off
                    full_page_writes = off
                    """.formatted(pg.port, dir), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        Runtime.getRuntime().addShutdownHook(pg.stopAtExit);
        return pg;
    }

    /**
     * Makes a streaming replica of a running server (not started yet): {@code pg_basebackup -R} of it (initdb's
     * pg_hba.conf lets local replication connections in), on a port of its own. Hot standby: it takes reads.
     *
     * @param primary the server to copy and follow
     * @return the replica
     */
    static OwnPostgres replicaOf(OwnPostgres primary) {
        Path dir = newDirectory(primary.asPostgresUser);
        var replica = new OwnPostgres(primary.bin, dir, freePort(), primary.asPostgresUser);
        try {
            replica.run(List.of(primary.bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1",
                    "-p", String.valueOf(primary.port), "-U", USER, "-D", replica.data.toString(), "-R",
                    "-X", "stream", "--checkpoint=fast", "--no-sync"));
            // The last line wins: the copy's postgresql.conf still names the primary's port and socket directory.
            Files.writeString(replica.data.resolve("postgresql.conf"), """

                    # celeris test replica
                    port = %d
                    unix_socket_directories = '%s'
                    hot_standby = on
                    """.formatted(replica.port, dir), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        Runtime.getRuntime().addShutdownHook(replica.stopAtExit);
        return replica;
    }

    /**
     * Adds settings to the server's {@code postgresql.conf} (later lines win); they take effect at the next start.
     *
     * @param settings lines of {@code postgresql.conf}
     */
    void configure(String settings) {
        try {
            Files.writeString(data.resolve("postgresql.conf"), "\n" + settings + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs one statement on a database of this server.
     *
     * @param database the database
     * @param sql      the statement
     * @return the first column of the first row as text, or null when there is none
     */
    String query(String database, String sql) {
        try (var c = DriverManager.getConnection(jdbcUrl(database), USER, "");
             var s = c.createStatement()) {
            if (!s.execute(sql)) {
                return null;
            }
            try (var rs = s.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not run " + sql + " on " + jdbcUrl(database), e);
        }
    }

    private static Path newDirectory(boolean root) {
        if (root) {
            requireCommand("runuser", "PostgreSQL refuses to run as root; the test runs it as the OS user "
                    + USER + " with runuser (util-linux), which is missing");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("celeris-own-pg-");
            if (root) {
                var users = dir.getFileSystem().getUserPrincipalLookupService();
                try {
                    Files.setOwner(dir, users.lookupPrincipalByName(USER));
                } catch (IOException e) {
                    deleteTree(dir);
                    throw new IllegalStateException("running as root, the test needs the OS user " + USER
                            + " to run PostgreSQL (initdb refuses root), and could not hand it " + dir
                            + ": " + e + ". Install the postgresql package (it creates the user) or run the tests"
                            + " as a user other than root.", e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Starts the server and waits until it accepts connections. */
    void start() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                "-w", "-t", "30", "start"));
        running = true;
    }

    /** Stops the server the hard way, as a crash or a kill would: connections drop at once. */
    void stopImmediately() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "-t", "30",
                "stop"));
        running = false;
    }

    /**
     * @param database a database name
     * @return its JDBC URL on this server
     */
    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String user() {
        return USER;
    }

    /**
     * @param name a database to create (a plain identifier)
     */
    void createDatabase(String name) {
        try (var c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " on " + jdbcUrl("postgres"), e);
        }
    }

    /** Stops the server if it runs and deletes the cluster's directory. */
    @Override
    public void close() {
        try {
            stopQuietly();
        } finally {
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(stopAtExit);
            } catch (IllegalStateException alreadyExiting) {
                // The hook is running or ran: nothing to remove.
            }
        }
    }

    private void stopQuietly() {
        if (!running && !Files.exists(data.resolve("postmaster.pid"))) {
            return;
        }
        try {
            stopImmediately();
        } catch (RuntimeException e) {
            System.err.println("[own-postgres] could not stop the server in " + data + ": " + e.getMessage());
        }
    }

    private void run(List<String> command) {
        var full = new ArrayList<String>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        try {
            // The cluster's directory as working directory: the postgres user may not enter ours.
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true).start();
            // Read while it runs: a full pipe would block the child.
            var output = p.getInputStream().readAllBytes();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in "
                        + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed with exit code " + p.exitValue()
                        + ":\n" + new String(output, StandardCharsets.UTF_8) + serverLogTail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", full), e);
        }
    }

    private String serverLogTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("server.log"));
            return "\nserver.log (end):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path binaries() {
        String configured = System.getenv("CELERIS_TEST_PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return requireBinaries(Path.of(configured));
        }
        Path root = Path.of("/usr/lib/postgresql");
        try (Stream<Path> versions = Files.isDirectory(root) ? Files.list(root) : Stream.empty()) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(OwnPostgres::version))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) under "
                            + root + "/<version>/bin. Install them (apt-get install -y postgresql) or point"
                            + " CELERIS_TEST_PG_BIN at a directory that has them."));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path requireBinaries(Path bin) {
        if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("CELERIS_TEST_PG_BIN=" + bin + " has no executable initdb and pg_ctl");
        }
        return bin;
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void requireCommand(String name, String why) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
                .map(d -> Path.of(d, name))
                .anyMatch(Files::isExecutable);
        if (!found) {
            throw new IllegalStateException(why + ": " + name + " not found on PATH");
        }
    }

    private static int freePort() {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    System.err.println("[own-postgres] could not delete " + p + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            System.err.println("[own-postgres] could not delete " + root + ": " + e.getMessage());
        }
    }
}
