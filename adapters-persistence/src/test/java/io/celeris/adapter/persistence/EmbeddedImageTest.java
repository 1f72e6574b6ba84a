package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UuidV7;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded database saved as an image and restored into another in-memory database: rows, schema and Flyway's
 * history come back, the restored database takes writes, and nothing is restored where it must not be.
 */
class EmbeddedImageTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private static String memFs(String name) {
        return "jdbc:h2:memFS:image-" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    private static List<User> users(int n, int seed) {
        var random = new Random(seed);
        var users = new ArrayList<User>();
        for (int i = 0; i < n; i++) {
            Instant at = T0.plusSeconds(i);
            users.add(User.create(UuidV7.of(at.toEpochMilli(), random), new Email("u" + seed + "-" + i + "@example.com"),
                    new UserName("User " + i), at));
        }
        return users;
    }

    @Test
    void aSavedImageRestoresRowsSchemaAndHistoryAndTheRestoredDatabaseTakesWrites() throws Exception {
        Path image = dir.resolve("demo.mv.db");
        String source = memFs("source");
        var written = users(500, 1);
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(source, "sa", ""))) {
            p.userRepository().insertAll(written);
            p.saveImage(image);
        }
        assertThat(image).isRegularFile();
        // Nothing but the image is left beside it (the backup and its compaction work in a directory of their own).
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).containsExactly(image);
        }

        String copy = memFs("copy");
        assertThat(EmbeddedImage.restore(copy, image)).isTrue();
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(copy, "sa", ""))) {
            assertThat(p.userRepository().count(UserFilter.NONE)).isEqualTo(500);
            assertThat(p.userRepository().findById(written.get(123).id())).contains(written.get(123));
            p.userRepository().insertAll(users(3, 2));
            assertThat(p.userRepository().count(UserFilter.NONE)).isEqualTo(503);
            // Flyway found its history in the image and applied nothing twice.
            try (var c = DriverManager.getConnection(copy, "sa", "");
                 var rs = c.createStatement().executeQuery(
                         "SELECT COUNT(*), SUM(CASE WHEN \"success\" THEN 1 ELSE 0 END) FROM \"flyway_schema_history\""
                         + " WHERE \"type\" = 'SQL'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(rs.getInt(2)).isEqualTo(migrations());
            }
        }
    }

    @Test
    void nothingIsRestoredIntoAnExistingDatabaseNorWithoutAnImageNorForAnotherKindOfUrl() throws Exception {
        Path image = dir.resolve("demo.mv.db");
        String source = memFs("kept");
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(source, "sa", ""))) {
            p.userRepository().insertAll(users(10, 3));
            p.saveImage(image);
            p.userRepository().insertAll(users(5, 4));
            // The database is open in this JVM: the image (10 users) must not replace it (15).
            assertThat(EmbeddedImage.restore(source, image)).isFalse();
            assertThat(p.userRepository().count(UserFilter.NONE)).isEqualTo(15);
        }
        assertThat(EmbeddedImage.restore(memFs("none"), dir.resolve("missing.mv.db"))).isFalse();
        String mem = "jdbc:h2:mem:image-mem-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        assertThat(EmbeddedImage.supports(mem)).isFalse();
        assertThat(EmbeddedImage.restore(mem, image)).isFalse();
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(mem, "sa", ""))) {
            assertThat(p.userRepository().count(UserFilter.NONE)).isZero();
            assertThatThrownBy(() -> p.saveImage(dir.resolve("mem.mv.db"))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDamagedImageFailsToOpenAndDiscardingItLeavesAnEmptyStart() throws Exception {
        Path damaged = Files.writeString(dir.resolve("damaged.mv.db"), "not an image");
        var settings = TestDatabaseSettings.of(memFs("damaged"), "sa", "");
        assertThat(EmbeddedImage.restore(settings.url(), damaged)).isTrue();
        assertThatThrownBy(() -> Persistence.start(settings)).isInstanceOf(RuntimeException.class);
        EmbeddedImage.discard(settings);
        // The database then starts empty, as without an image.
        try (Persistence p = Persistence.start(settings)) {
            assertThat(p.userRepository().count(UserFilter.NONE)).isZero();
        }
    }

    @Test
    void aDatabaseThatOpenedAndWasRefusedIsShutDownByDiscard() throws Exception {
        Path image = dir.resolve("demo.mv.db");
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(memFs("tampered-source"), "sa", ""))) {
            p.userRepository().insertAll(users(7, 5));
            p.saveImage(image);
        }
        // A migration's checksum changed in the image's history: H2 opens it, Flyway refuses it.
        var settings = TestDatabaseSettings.of(memFs("tampered"), "sa", "");
        assertThat(EmbeddedImage.restore(settings.url(), image)).isTrue();
        String url = HikariConnectionPool.jdbcUrl(settings);
        try (var c = DriverManager.getConnection(url, "sa", ""); var s = c.createStatement()) {
            s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'");
        }
        assertThatThrownBy(() -> Persistence.start(settings)).isInstanceOf(RuntimeException.class);
        EmbeddedImage.discard(settings);
        try (Persistence p = Persistence.start(settings)) {
            assertThat(p.userRepository().count(UserFilter.NONE)).isZero();
        }
    }

    private static int migrations() throws Exception {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }
}
