package io.celeris.bootstrap.logging;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A file delegate for the asynchronous writer: appends through a 64 KiB buffer and writes to the file only
 * when flushed, which the writer does once per batch. {@link java.util.logging.FileHandler} flushes after
 * every record: a system call per line, which caps a busy access log at the disk's syscall rate. Each line is
 * encoded with {@link String#getBytes(Charset)} (an intrinsic for ASCII text) rather than through a
 * {@code Writer}'s char-by-char encoder. No rotation; when a size limit is configured the JDK's FileHandler
 * (which rotates) is used instead.
 *
 * <p>Only the writer thread of its {@link AsyncHandler} calls it; the methods are synchronized anyway, so that a
 * handler used on its own stays correct.
 */
final class BatchingFileHandler extends Handler {

    private final OutputStream out;
    private Charset charset = Charset.defaultCharset();
    private boolean headWritten;
    private boolean closed;

    BatchingFileHandler(Path file, boolean append) throws IOException {
        out = new BufferedOutputStream(new FileOutputStream(file.toFile(), append), 1 << 16);
        setLevel(Level.ALL);
        setFormatter(new SimpleFormatter());
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

    /**
     * The access log's fast path: its formatter prints the message and a newline, and the message is the
     * whole line, so the writer hands over the line itself and no {@link LogRecord} is built for it.
     *
     * @param level   the record's level
     * @param message the record's message: the line, without its newline
     * @return false when this handler would format such a record differently (another formatter, a filter,
     *         a level that does not pass): the caller publishes a record instead
     */
    synchronized boolean writeMessageLine(Level level, String message) {
        if (getFormatter().getClass() != MessageOnlyFormatter.class || getFilter() != null
                || level.intValue() < getLevel().intValue() || getLevel() == Level.OFF || closed) {
            return false;
        }
        write(message + "\n");
        return true;
    }

    private void write(String text) {
        try {
            if (!headWritten) {
                headWritten = true;
                out.write(getFormatter().getHead(this).getBytes(charset));
            }
            out.write(text.getBytes(charset));
        } catch (IOException | RuntimeException e) {
            reportError(null, e instanceof Exception x ? x : new RuntimeException(e), ErrorManager.WRITE_FAILURE);
        }
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
        try {
            out.flush();
        } catch (IOException e) {
            reportError(null, e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            Formatter f = getFormatter();
            if (headWritten && f != null) {
                out.write(f.getTail(this).getBytes(charset));
            }
        } catch (IOException | RuntimeException e) {
            reportError(null, e instanceof Exception x ? x : new RuntimeException(e), ErrorManager.WRITE_FAILURE);
        }
        try {
            out.close();
        } catch (IOException e) {
            reportError(null, e, ErrorManager.CLOSE_FAILURE);
        }
        closed = true;
    }
}
