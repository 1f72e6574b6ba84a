package io.celeris.bootstrap.logging;

import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The console delegate of the access log: appends lines into a 64 KiB buffer and hands them to standard output only
 * when flushed (the asynchronous writer flushes once per batch) or when the buffer is full. Helidon's console handler
 * flushes after every record: one system call per access line, which cost more than the rest of the access log
 * together. A {@link LineSink}: the access log's lines arrive without a record, and are encoded with
 * {@link String#getBytes(Charset)} (an intrinsic for ASCII text).
 *
 * <p>Standard output is {@link System#out} as it was when the handler was made, written whole lines at a time under
 * its lock, so lines of the application log (Helidon's console handler, on the same stream) never land inside a line
 * of this one. A {@link PrintStream} swallows I/O errors and only remembers that one happened: the first time it says
 * so after a flush, the error is reported to the ErrorManager (the batch of that flush then counts as failed).
 *
 * <p>Only the writer thread of its {@link AsyncHandler} calls it, and the callers after close that the AsyncHandler
 * lets through; the methods are synchronized anyway, so that a handler used on its own stays correct.
 */
public final class BatchingConsoleHandler extends Handler implements LineSink {

    private static final int BUFFER_BYTES = 1 << 16;

    private final PrintStream out;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int buffered;
    private Charset charset = Charset.defaultCharset();
    private boolean headWritten;
    private boolean errorReported;
    private boolean closed;

    /** On {@link System#out}, as logging.properties builds it. */
    public BatchingConsoleHandler() {
        this(System.out);
    }

    BatchingConsoleHandler(PrintStream out) {
        this.out = out;
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
        if (!headWritten) {
            headWritten = true;
            append(getFormatter().getHead(this).getBytes(charset));
        }
        append(text.getBytes(charset));
    }

    private void append(byte[] bytes) {
        if (bytes.length > buffer.length - buffered) {
            drain();
        }
        if (bytes.length > buffer.length) {
            out.write(bytes, 0, bytes.length);
        } else {
            System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
            buffered += bytes.length;
        }
    }

    private void drain() {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
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
        drain();
        out.flush();
        if (out.checkError() && !errorReported) {
            errorReported = true; // PrintStream's error flag never clears: report it once, not on every batch
            reportError("standard output failed (PrintStream.checkError); its later failures go unreported", null,
                    ErrorManager.FLUSH_FAILURE);
        }
    }

    /** Writes what is buffered, and the formatter's tail; standard output itself stays open. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (headWritten) {
            Formatter f = getFormatter();
            append(f.getTail(this).getBytes(charset));
        }
        flush();
        closed = true;
    }
}
