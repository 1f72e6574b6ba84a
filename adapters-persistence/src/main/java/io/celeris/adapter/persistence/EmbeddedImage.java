package io.celeris.adapter.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.sql.DataSource;
import org.h2.store.fs.FileUtils;

/**
 * An image of an embedded database that lives in H2's in-memory file system ({@code jdbc:h2:memFS:NAME}): saved to a
 * file (H2's {@code BACKUP}, transactionally consistent) once the database holds what a start would otherwise rebuild,
 * and copied back into the in-memory file system before a later start opens the database, which then finds its schema
 * migrated and its rows in place. A {@code jdbc:h2:mem:} database has no file to save or restore.
 */
public final class EmbeddedImage {

    private static final String MEM_FS = "jdbc:h2:memFS:";

    private EmbeddedImage() {
    }

    /**
     * @param url a JDBC URL
     * @return whether {@link #restore} and {@link #save} can work on the database it names
     */
    public static boolean supports(String url) {
        return url.startsWith(MEM_FS);
    }

    /** The in-memory file of the database a memFS URL names, e.g. {@code memFS:celeris.mv.db}. */
    private static Optional<String> file(String url) {
        if (!supports(url)) {
            return Optional.empty();
        }
        String name = url.substring("jdbc:h2:".length());
        int options = name.indexOf(';');
        return Optional.of((options < 0 ? name : name.substring(0, options)) + ".mv.db");
    }

    /**
     * Copies the image into the in-memory file system, before anything opens the database. Does nothing when the URL
     * is not a memFS one, when the database already exists in this JVM (it is kept as it is), or when there is no image.
     *
     * @param url   the database's JDBC URL
     * @param image a file written by {@link #save}
     * @return true when the database now holds the image
     * @throws UncheckedIOException when the image cannot be read or holds no database
     */
    public static boolean restore(String url, Path image) {
        Optional<String> file = file(url);
        if (file.isEmpty() || FileUtils.exists(file.get()) || !Files.isRegularFile(image)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(image); var zip = new ZipInputStream(in)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().endsWith(".mv.db")) {
                    try (OutputStream out = FileUtils.newOutputStream(file.get(), false)) {
                        zip.transferTo(out);
                    }
                    return true;
                }
            }
            throw new IOException("no database file (*.mv.db) in it");
        } catch (IOException e) {
            discard(url);
            throw new UncheckedIOException("the embedded database image " + image + " cannot be restored", e);
        }
    }

    /**
     * Removes the database's in-memory file: a restored image the database, or Flyway, then refused. A database that
     * opened stays open in this JVM ({@code DB_CLOSE_DELAY=-1}) after its pool closed, so it is shut down first.
     *
     * @param settings the database's URL and credentials
     */
    public static void discard(DatabaseSettings settings) {
        if (file(settings.url()).filter(FileUtils::exists).isEmpty()) {
            return;
        }
        // The URL the pool opened it with (H2 refuses a connection whose settings differ from the open database's).
        String url = HikariConnectionPool.jdbcUrl(settings) + ";IFEXISTS=TRUE";
        try (Connection c = DriverManager.getConnection(url, settings.user(), settings.password());
             var s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException notOpen) {
            // the file is there but H2 cannot open it: nothing to shut down
        }
        discard(settings.url());
    }

    private static void discard(String url) {
        file(url).filter(FileUtils::exists).ifPresent(FileUtils::delete);
    }

    /**
     * Writes the database to {@code image} (H2's {@code BACKUP TO}: consistent while others write), through a
     * temporary file in the same directory and a rename, so that a reader never finds half an image.
     *
     * @param dataSource the open database
     * @param url        its JDBC URL, a memFS one
     * @param image      where the image goes
     */
    static void save(DataSource dataSource, String url, Path image) {
        if (!supports(url)) {
            throw new IllegalArgumentException("only a jdbc:h2:memFS: database has an image, not " + url);
        }
        Path target = image.toAbsolutePath();
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try (Connection c = dataSource.getConnection(); var s = c.createStatement()) {
                s.execute("BACKUP TO '" + temporary.toString().replace("'", "''") + "'");
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded database image " + image + " cannot be written", e);
        } catch (SQLException e) {
            throw new PersistenceException("the embedded database could not be backed up to " + image, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file in the image's directory; the next save makes another
                }
            }
        }
    }
}
