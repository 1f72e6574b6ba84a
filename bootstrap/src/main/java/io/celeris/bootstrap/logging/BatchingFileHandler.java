package io.celeris.bootstrap.logging;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A file delegate for the asynchronous writer: appends into a 64 KiB buffer and writes to the file only when
 * flushed (the writer flushes once per batch) or when the buffer is full. {@link java.util.logging.FileHandler}
 * flushes after every record: a system call per line, which caps a busy log at the disk's syscall rate. Each
 * line is encoded with {@link String#getBytes(Charset)} (an intrinsic for ASCII text) rather than through a
 * {@code Writer}'s char-by-char encoder. A {@link LineSink}: the access log's lines arrive without a record.
 *
 * <p>Rotation as FileHandler's ({@link FileSettings}): once the current file holds {@code limit} bytes, what is
 * buffered is written to it, it is closed, generation {@code i} becomes {@code i + 1} (the oldest is deleted),
 * and a new generation 0 begins. No line is split or lost by a rotation. A write that fails (a full disk) drops
 * the buffer, so that the next batch starts clean, and is reported to the ErrorManager, by the write and once
 * more by the flush of its batch: the writer then counts the whole batch as failed, though the part of it the
 * system wrote before the disk was full is in the file (no line counted as written is missing from it).
 *
 * <p>Only the writer thread of its {@link AsyncHandler} calls it, and the callers after close that the
 * AsyncHandler lets through; the methods are synchronized anyway, so that a handler used on its own stays correct.
 */
final class BatchingFileHandler extends Handler implements LineSink {

    private static final int BUFFER_BYTES = 1 << 16;

    private final FileSettings file;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int buffered;
    /** Bytes in the current file, buffered ones included. */
    private long size;
    private OutputStream out;
    private Charset charset = Charset.defaultCharset();
    private boolean headWritten;
    private boolean failedSinceFlush;
    private Exception lastFailure;
    private boolean closed;

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
        setLevel(Level.ALL);
        setFormatter(new SimpleFormatter());
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
    public synchronized void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        String text;
        try {
            text = getFormatter().format(record);
        } catch (RuntimeException e) {
            reportError(null, e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        write(text);
    }

    /** The access log's fast path: its formatter prints the message and a newline, and the message is the line. */
    @Override
    public synchronized boolean writeLine(Level level, String line) {
        if (getFormatter().getClass() != MessageOnlyFormatter.class || getFilter() != null
                || level.intValue() < getLevel().intValue() || getLevel() == Level.OFF || closed) {
            return false;
        }
        write(line + "\n");
        return true;
    }

    private void write(String text) {
        try {
            if (!headWritten) {
                headWritten = true;
                append(getFormatter().getHead(this).getBytes(charset));
            }
            append(text.getBytes(charset));
            if (file.limit() > 0 && size >= file.limit()) {
                rotate();
            }
        } catch (IOException | RuntimeException e) {
            failed(e, ErrorManager.WRITE_FAILURE);
        }
    }

    private void append(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - buffered) {
            drain();
        }
        if (bytes.length > buffer.length) {
            stream().write(bytes);
        } else {
            System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
            buffered += bytes.length;
        }
        size += bytes.length;
    }

    private void drain() throws IOException {
        int n = buffered;
        buffered = 0; // written or, if the write fails, lost: never written twice
        if (n > 0) {
            stream().write(buffer, 0, n);
        }
    }

    private OutputStream stream() throws IOException {
        if (out == null) {
            throw new IOException("no log file open (a rotation failed): " + generation(0));
        }
        return out;
    }

    private void rotate() throws IOException {
        Formatter f = getFormatter();
        append(f.getTail(this).getBytes(charset));
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
        headWritten = false;
    }

    private void failed(Exception e, int code) {
        failedSinceFlush = true;
        lastFailure = e;
        buffered = 0;
        reportError(null, e, code);
    }

    @Override
    public synchronized void setEncoding(String encoding) throws UnsupportedEncodingException {
        super.setEncoding(encoding);
        charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
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
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            if (headWritten) {
                append(getFormatter().getTail(this).getBytes(charset));
            }
            drain();
        } catch (IOException | RuntimeException e) {
            failed(e, ErrorManager.WRITE_FAILURE);
        }
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            reportError(null, e, ErrorManager.CLOSE_FAILURE);
        }
        closed = true;
    }
}
