package io.celeris.bootstrap.logging;

/**
 * Where a handler writes when it writes to a file, and how the file rotates.
 *
 * @param pattern a {@link java.util.logging.FileHandler}-like pattern: {@code %g} the generation (0 is the file
 *                being written), {@code %t} the temporary directory, {@code %h} the user's home, {@code %u}
 *                0 (no lock files: one process per file), {@code %%} a percent sign. With {@code count > 1} and
 *                no {@code %g}, {@code .%g} is appended, as FileHandler does
 * @param limit   bytes after which the file rotates; 0: never
 * @param count   files kept, the current one included (at least 1)
 * @param append  whether a file that exists at start is appended to rather than truncated
 */
public record FileSettings(String pattern, long limit, int count, boolean append) {

    public FileSettings {
        Require.nonNull("pattern", pattern);
        if (pattern.isBlank()) {
            throw new IllegalArgumentException("the file pattern is empty");
        }
        if (limit < 0 || count < 1) {
            throw new IllegalArgumentException("need limit >= 0 and count >= 1, not " + limit + " and " + count);
        }
    }
}
