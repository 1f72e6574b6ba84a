package io.celeris.bootstrap.logging;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * What the batching delegates share: lines are encoded with {@link String#getBytes(Charset)} (an intrinsic for
 * ASCII text) into a 64 KiB buffer that goes to the destination only when flushed (the asynchronous writer flushes
 * once per batch) or when it is full, instead of one system call per record. A {@link LineSink}: the access log's
 * lines arrive without a record. Subclasses say where the bytes go ({@link #sink}), what follows an append
 * ({@link #appended}: rotation), how a failure is reported ({@link #failed}) and how the destination is released.
 *
 * <p>Only the writer thread of its {@link AsyncHandler} calls a delegate, and the callers after close that the
 * AsyncHandler lets through; the methods are synchronized anyway, so that a handler used on its own stays correct.
 */
abstract class BatchingHandler extends Handler implements LineSink {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final byte[] LINE_FEED = {'\n'};

    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int buffered;
    private Charset charset = Charset.defaultCharset();
    /** Whether the charset encodes a line feed as the one byte 10 (UTF-8, ISO-8859-1, ...; not UTF-16). */
    private boolean asciiLineFeed = asciiLineFeed(charset);
    private boolean headWritten;
    /** Set by {@link #close()}; guarded by this. */
    boolean closed;

    BatchingHandler() {
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
        if (asciiLineFeed) {
            write(line, true);
        } else {
            write(line + "\n", false);
        }
        return true;
    }

    private void write(String text) {
        write(text, false);
    }

    /**
     * @param lineFeed whether a line feed byte follows the text, in the same write (no copy of the line made to end
     *                 it): only where the charset encodes it as that byte
     */
    private void write(String text, boolean lineFeed) {
        try {
            appendText(text, lineFeed);
            appended();
        } catch (IOException | RuntimeException e) {
            failed(e, ErrorManager.WRITE_FAILURE);
        }
    }

    /** After a text was appended: a file rotates here once it is full. */
    void appended() throws IOException {
    }

    /** A write, flush or close that failed: reported to the ErrorManager with {@code code}. */
    abstract void failed(Exception e, int code);

    /** The last step of {@link #close()}, after the tail was drained: release the destination. */
    abstract void release();

    /** Writes what is buffered and the formatter's tail, then {@link #release releases} the destination. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            appendTail();
            drain();
        } catch (IOException | RuntimeException e) {
            failed(e, ErrorManager.WRITE_FAILURE);
        }
        release();
        closed = true;
    }

    /** Writes bytes to the destination, past the buffer. */
    abstract void sink(byte[] bytes, int offset, int length) throws IOException;

    /** Called after {@code length} bytes were appended (buffered or written): a file counts its size. */
    void counted(int length) {
    }

    /** Appends the text, after the formatter's head if it is the destination's first. */
    final void appendText(String text) throws IOException {
        appendText(text, false);
    }

    private void appendText(String text, boolean lineFeed) throws IOException {
        if (!headWritten) {
            headWritten = true;
            append(getFormatter().getHead(this).getBytes(charset), false);
        }
        append(text.getBytes(charset), lineFeed);
    }

    /** Appends the formatter's tail if a head was written, and starts over: the next text gets a head again. */
    final void appendTail() throws IOException {
        if (headWritten) {
            headWritten = false;
            append(getFormatter().getTail(this).getBytes(charset), false);
        }
    }

    /**
     * @param lineFeed a line feed byte follows the bytes: kept with them in one write to the destination, so that no
     *                 other writer of it (the application log, on stdout) lands between a line and its end
     */
    private void append(byte[] bytes, boolean lineFeed) throws IOException {
        int length = bytes.length + (lineFeed ? 1 : 0);
        if (length > buffer.length - buffered) {
            drain();
        }
        if (length > buffer.length) {
            byte[] whole = bytes;
            if (lineFeed) {
                whole = Arrays.copyOf(bytes, length);
                whole[length - 1] = LINE_FEED[0];
            }
            sink(whole, 0, length);
        } else {
            System.arraycopy(bytes, 0, buffer, buffered, bytes.length);
            buffered += bytes.length;
            if (lineFeed) {
                buffer[buffered++] = LINE_FEED[0];
            }
        }
        counted(length);
    }

    /** Writes what is buffered to the destination; if that fails, it is lost, never written twice. */
    final void drain() throws IOException {
        int n = buffered;
        buffered = 0;
        if (n > 0) {
            sink(buffer, 0, n);
        }
    }

    /** Drops what is buffered (after a failed write, so that the next batch starts clean). */
    final void discardBuffered() {
        buffered = 0;
    }

    @Override
    public synchronized void setEncoding(String encoding) throws UnsupportedEncodingException {
        super.setEncoding(encoding);
        charset = encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
        asciiLineFeed = asciiLineFeed(charset);
    }

    private static boolean asciiLineFeed(Charset charset) {
        return Arrays.equals("\n".getBytes(charset), LINE_FEED);
    }
}
