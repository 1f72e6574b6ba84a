package io.celeris.bootstrap.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.ErrorManager;

/**
 * A file delegate for the asynchronous writer, batching as {@link BatchingHandler} does: the file is written once
 * per batch. {@link java.util.logging.FileHandler} flushes after every record: a system call per line, which caps a
 * busy log at the disk's syscall rate, and encodes through a {@code Writer}'s char-by-char encoder.
 *
 * <p>Rotation as FileHandler's ({@link FileSettings}): once the current file holds {@code limit} bytes, what is
 * buffered is written to it, it is closed, generation {@code i} becomes {@code i + 1} (the oldest is deleted),
 * and a new generation 0 begins. No line is split or lost by a rotation. A write that fails (a full disk) drops
 * the buffer, so that the next batch starts clean, and is reported to the ErrorManager, by the write and once
 * more by the flush of its batch: the writer then counts the whole batch as failed, though the part of it the
 * system wrote before the disk was full is in the file (no line counted as written is missing from it).
 */
final class BatchingFileHandler extends BatchingHandler {

    private final FileSettings file;
    /** Bytes in the current file, buffered ones included. */
    private long size;
    private OutputStream out;
    private boolean failedSinceFlush;
    private Exception lastFailure;
    /** A write failed since the last that succeeded: it may have left the file in the middle of a line. */
    private boolean mayEndMidLine;

    BatchingFileHandler(Path path, boolean append) throws IOException {
        this(new FileSettings(path.toString(), 0, 1, append));
    }

    BatchingFileHandler(FileSettings file) throws IOException {
        this.file = file;
        Path current = generation(0);
        Path parent = current.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        size = file.append() && Files.exists(current) ? Files.size(current) : 0;
        out = new FileOutputStream(current.toFile(), file.append());
    }

    private Path generation(int g) {
        return generation(file, g);
    }

    /**
     * @param file the file settings
     * @param g    a generation, 0 being the file written now
     * @return its path, as FileHandler spells the pattern
     */
    static Path generation(FileSettings file, int g) {
        String pattern = file.count() > 1 && !file.pattern().contains("%g") ? file.pattern() + ".%g" : file.pattern();
        var b = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
            String replacement = c != '%' ? null : switch (next) {
                case 'g' -> Integer.toString(g);
                case 'u' -> "0";
                case 't' -> System.getProperty("java.io.tmpdir");
                case 'h' -> System.getProperty("user.home");
                case '%' -> "%";
                default -> null;
            };
            if (replacement == null) {
                b.append(c);
            } else {
                b.append(replacement);
                i++;
            }
        }
        return Path.of(b.toString());
    }

    @Override
    void appended() throws IOException {
        if (file.limit() > 0 && size >= file.limit()) {
            rotate();
        }
    }

    @Override
    void sink(byte[] bytes, int offset, int length) throws IOException {
        OutputStream stream = stream();
        if (mayEndMidLine) {
            // A full disk can take part of a batch: the next line must not be glued to a cut one.
            if (!endsWithLineFeed(generation(0))) {
                stream.write('\n');
            }
            mayEndMidLine = false;
        }
        stream.write(bytes, offset, length);
    }

    /** @return whether the file is empty or its last byte is a line feed (unreadable: no) */
    private static boolean endsWithLineFeed(Path path) {
        try (var channel = Files.newByteChannel(path)) {
            long n = channel.size();
            if (n == 0) {
                return true;
            }
            var last = java.nio.ByteBuffer.allocate(1);
            channel.position(n - 1).read(last);
            return last.get(0) == '\n';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    void counted(int length) {
        size += length;
    }

    private OutputStream stream() throws IOException {
        if (out == null) {
            throw new IOException("no log file open (a rotation failed): " + generation(0));
        }
        return out;
    }

    private void rotate() throws IOException {
        appendTail();
        drain();
        OutputStream old = out;
        out = null;
        old.close();
        for (int g = file.count() - 2; g >= 0; g--) {
            if (Files.exists(generation(g))) {
                Files.move(generation(g), generation(g + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        out = new FileOutputStream(generation(0).toFile(), false);
        size = 0;
        mayEndMidLine = false;
    }

    @Override
    void failed(Exception e, int code) {
        failedSinceFlush = true;
        mayEndMidLine = true;
        lastFailure = e;
        discardBuffered();
        reportError(null, e, code);
    }

    @Override
    public synchronized void flush() {
        if (closed) {
            return;
        }
        boolean failedEarlier = failedSinceFlush;
        failedSinceFlush = false;
        try {
            drain();
            if (out != null) {
                out.flush();
            }
            if (failedEarlier) {
                reportError("a write failed since the last flush: lines of this batch are lost", lastFailure,
                        ErrorManager.FLUSH_FAILURE);
            }
        } catch (IOException e) {
            failed(e, ErrorManager.FLUSH_FAILURE);
            failedSinceFlush = false;
        }
    }

    @Override
    void release() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            reportError(null, e, ErrorManager.CLOSE_FAILURE);
        }
    }
}
