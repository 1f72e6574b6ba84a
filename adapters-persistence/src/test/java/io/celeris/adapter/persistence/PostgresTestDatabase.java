package io.celeris.adapter.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A PostgreSQL database of this test run's own: created on the server at {@code CELERIS_TEST_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code postgres}) and dropped when
 * the JVM exits. When that server cannot be reached, an embedded PostgreSQL (zonky) is started
 * instead. Which one was used is printed. Never skips: if neither works, the test fails and says how
 * to start PostgreSQL.
 */
public final class PostgresTestDatabase {

    private static PostgresTestDatabase instance;

    private final String url;
    private final String user;
    private final String password;
    private final String description;

    private PostgresTestDatabase(String url, String user, String password, String description) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.description = description;
    }

    /**
     * @return the database of this JVM, created on first use
     */
    public static synchronized PostgresTestDatabase get() {
        if (instance == null) {
            instance = create();
            String line = "[celeris-test] PostgreSQL: " + instance.description;
            System.out.println(line);
            // Surefire keeps test output in files; ./celeris test prints this one after the run.
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of("target", "celeris-test-services.txt"),
                        line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException e) {
                System.err.println("[celeris-test] could not record the services used: " + e.getMessage());
            }
        }
        return instance;
    }

    /**
     * @return a JDBC URL of this run's database
     */
    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /**
     * @return settings for a small pool on this run's database
     */
    public DatabaseSettings settings() {
        return TestDatabaseSettings.of(url, user, password);
    }

    private static PostgresTestDatabase create() {
        String adminUrl = env("CELERIS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("CELERIS_TEST_PG_USER", "postgres");
        String password = env("CELERIS_TEST_PG_PASSWORD", "");
        SQLException serverProblem;
        try {
            return onServer(adminUrl, user, password);
        } catch (SQLException e) {
            serverProblem = e;
        }
        try {
            return embedded();
        } catch (IOException | SQLException | RuntimeException e) {
            var error = new IllegalStateException("""
                    No PostgreSQL for the tests. The server at %s did not answer (%s), and the embedded one \
                    did not start (%s). Start the local server with:
                      pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                    or point CELERIS_TEST_PG_URL / CELERIS_TEST_PG_USER / CELERIS_TEST_PG_PASSWORD at one."""
                    .formatted(adminUrl, serverProblem.getMessage(), e));
            error.addSuppressed(serverProblem);
            throw error;
        }
    }

    private static PostgresTestDatabase onServer(String adminUrl, String user, String password) throws SQLException {
        DriverManager.setLoginTimeout(5);
        String name = "celeris_test_" + ProcessHandle.current().pid() + "_"
                + Integer.toUnsignedString(ThreadLocalRandom.current().nextInt(), 36);
        try (Connection c = DriverManager.getConnection(adminUrl, props(user, password));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        }
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(adminUrl, user, password, name)));
        return new PostgresTestDatabase(url, user, password, "database " + name + " on " + adminUrl
                + " (dropped at exit)");
    }

    private static void drop(String adminUrl, String user, String password, String name) {
        try (Connection c = DriverManager.getConnection(adminUrl, props(user, password));
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("[celeris-test] could not drop " + name + ": " + e.getMessage());
        }
    }

    private static PostgresTestDatabase embedded() throws IOException, SQLException {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                System.err.println("[celeris-test] embedded PostgreSQL did not stop: " + e.getMessage());
            }
        }));
        String url = pg.getJdbcUrl("postgres", "postgres");
        return new PostgresTestDatabase(url, "postgres", "", "embedded PostgreSQL (zonky) at " + url);
    }

    private static Properties props(String user, String password) {
        var p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        return p;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
