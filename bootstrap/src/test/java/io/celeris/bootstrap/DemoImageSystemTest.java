package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code celeris.demo.image}: the first embedded start loads its demo users and saves the database, the next restores
 * it (the same users, not loaded again), and an image that does not open is replaced by a start that loads them.
 */
class DemoImageSystemTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** What one start logged, and the first page and total it answered. */
    private record Started(List<String> messages, JsonNode firstPage, long total) {
    }

    private Started start() throws Exception {
        var messages = new ArrayList<String>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                    synchronized (messages) {
                        messages.add(r.getMessage());
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Celeris.class.getName());
        log.addHandler(capture);
        try (Celeris app = Celeris.start(Settings.load(Map.of(), Map.of("server.port", "0",
                // A database of its own per start: each is what a fresh JVM would find.
                "database.url", "jdbc:h2:memFS:demo-image-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "300",
                "celeris.demo.image", dir.resolve("demo").toString())))) {
            String base = "http://127.0.0.1:" + app.port();
            JsonNode page = get(base + "/users?limit=20&sort=created_at");
            long total = get(base + "/users?page=1&size=1&count=exact").path("total").asLong();
            return new Started(List.copyOf(messages), page.path("items"), total);
        } finally {
            log.removeHandler(capture);
        }
    }

    private static JsonNode get(String uri) throws Exception {
        var res = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(uri).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    @Test
    void theFirstStartSavesTheDemoAndTheNextRestoresTheSameUsers() throws Exception {
        Path image = dir.resolve("demo-300-users.mv.db");
        Started first = start();
        assertThat(first.messages()).anySatisfy(m -> assertThat(m).contains("loaded 300 demo users"))
                .anySatisfy(m -> assertThat(m).contains("saved the embedded database to " + image));
        assertThat(image).isRegularFile();
        assertThat(first.total()).isEqualTo(300);

        Started second = start();
        assertThat(second.messages()).anySatisfy(m -> assertThat(m).contains("restored the embedded database"))
                .noneSatisfy(m -> assertThat(m).contains("loaded 300 demo users"));
        assertThat(second.total()).isEqualTo(300);
        assertThat(second.firstPage()).hasSize(20).isEqualTo(first.firstPage());
    }

    @Test
    void anImageFlywayRefusesIsDeletedAndReplacedByAStartThatLoadsTheUsers() throws Exception {
        Path image = dir.resolve("demo-300-users.mv.db");
        start();
        // The same image with one migration's checksum changed in Flyway's history (as if an older build wrote it).
        String url = "jdbc:h2:memFS:demo-image-tampered-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE";
        assertThat(io.celeris.adapter.persistence.EmbeddedImage.restore(url, image)).isTrue();
        try (var c = java.sql.DriverManager.getConnection(url, "sa", ""); var s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1"
                    + " WHERE \"version\" = '1'")).isEqualTo(1);
            s.execute("SHUTDOWN");
        }
        // The closed database's file is an image.
        try (var in = org.h2.store.fs.FileUtils.newInputStream(url.substring("jdbc:h2:".length(), url.indexOf(';'))
                + ".mv.db")) {
            Files.write(image, in.readAllBytes());
        }

        theImageIsReplacedThenRestored();
    }

    @Test
    void anImageThatDoesNotOpenIsReplacedByAStartThatLoadsTheUsers() throws Exception {
        Path image = dir.resolve("demo-300-users.mv.db");
        Files.writeString(image, "not an image");
        theImageIsReplacedThenRestored();
    }

    /** A start that refuses the image loads the users and saves a new one, which the next start restores. */
    private void theImageIsReplacedThenRestored() throws Exception {
        Started replaced = start();
        assertThat(replaced.messages()).anySatisfy(m -> assertThat(m).contains("did not open", "deleted"))
                .anySatisfy(m -> assertThat(m).contains("loaded 300 demo users"))
                .anySatisfy(m -> assertThat(m).contains("saved the embedded database"));
        assertThat(replaced.total()).isEqualTo(300);

        Started next = start();
        assertThat(next.messages()).anySatisfy(m -> assertThat(m).contains("restored the embedded database"))
                .noneSatisfy(m -> assertThat(m).contains("did not open"));
        assertThat(next.firstPage()).isEqualTo(replaced.firstPage());
    }
}
