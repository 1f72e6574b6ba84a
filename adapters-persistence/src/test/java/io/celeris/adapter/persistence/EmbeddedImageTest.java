package io.celeris.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.celeris.domain.user.Email;
import io.celeris.domain.user.User;
import io.celeris.domain.user.UserFilter;
import io.celeris.domain.user.UserName;
import io.celeris.domain.user.UuidV7;
import java.io.UncheckedIOException;
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
        Path image = dir.resolve("demo.zip");
        String source = memFs("source");
        var written = users(500, 1);
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(source, "sa", ""))) {
            p.userRepository().insertAll(written);
            p.saveImage(image);
        }
        assertThat(image).isRegularFile();
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");

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
        Path image = dir.resolve("demo.zip");
        String source = memFs("kept");
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(source, "sa", ""))) {
            p.userRepository().insertAll(users(10, 3));
            p.saveImage(image);
            p.userRepository().insertAll(users(5, 4));
            // The database is open in this JVM: the image (10 users) must not replace it (15).
            assertThat(EmbeddedImage.restore(source, image)).isFalse();
            assertThat(p.userRepository().count(UserFilter.NONE)).isEqualTo(15);
        }
        assertThat(EmbeddedImage.restore(memFs("none"), dir.resolve("missing.zip"))).isFalse();
        String mem = "jdbc:h2:mem:image-mem-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        assertThat(EmbeddedImage.supports(mem)).isFalse();
        assertThat(EmbeddedImage.restore(mem, image)).isFalse();
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(mem, "sa", ""))) {
            assertThat(p.userRepository().count(UserFilter.NONE)).isZero();
            assertThatThrownBy(() -> p.saveImage(dir.resolve("mem.zip"))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aDamagedImageIsRefusedAndLeavesNoDatabaseBehind() throws Exception {
        Path notZip = Files.writeString(dir.resolve("damaged.zip"), "not an image");
        String url = memFs("damaged");
        assertThatThrownBy(() -> EmbeddedImage.restore(url, notZip)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("damaged.zip");
        // The database then starts empty, as without an image.
        try (Persistence p = Persistence.start(TestDatabaseSettings.of(url, "sa", ""))) {
            assertThat(p.userRepository().count(UserFilter.NONE)).isZero();
        }
    }

    private static int migrations() throws Exception {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(f -> f.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }
}
