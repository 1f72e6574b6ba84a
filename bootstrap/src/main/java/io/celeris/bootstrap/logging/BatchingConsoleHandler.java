package io.celeris.bootstrap.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.logging.ErrorManager;

/**
 * The console delegate of the access log: appends lines into a 64 KiB buffer and hands them to standard output only
 * when flushed (the asynchronous writer flushes once per batch) or when the buffer is full. Helidon's console handler
 * flushes after every record: one system call per access line, which cost more than the rest of the access log
 * together. A {@link LineSink}: the access log's lines arrive without a record, and are encoded with
 * {@link String#getBytes(Charset)} (an intrinsic for ASCII text).
 *
 * <p>Standard output is {@link System#out} as it was when the handler was made, written whole lines at a time under
 * its lock, so lines of the application log (Helidon's console handler, on the same stream) never land inside a line
 * of this one. A {@link PrintStream} swallows I/O errors and only remembers that one happened, for ever: from the first
 * time it says so after a flush, every flush reports an error to the ErrorManager (its batch counts as failed).
 * The buffering is {@link BatchingHandler}'s.
 */
public final class BatchingConsoleHandler extends BatchingHandler {

    private final PrintStream out;
    private boolean errorReported;

    /** On {@link System#out}, as logging.properties builds it. */
    public BatchingConsoleHandler() {
        this(System.out);
    }

    BatchingConsoleHandler(PrintStream out) {
        this.out = out;
    }

    @Override
    void failed(Exception e, int code) {
        reportError(null, e, code); // a PrintStream throws nothing: it remembers, and flush() asks it
    }

    @Override
    void sink(byte[] bytes, int offset, int length) {
        out.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() {
        if (closed) {
            return;
        }
        try {
            drain();
        } catch (IOException e) {
            failed(e, ErrorManager.FLUSH_FAILURE);
        }
        out.flush();
        if (out.checkError()) {
            // PrintStream's error flag never clears, so from the first failure on no batch can be told written (and a
            // reader of stdout that went away, a broken pipe, does not come back): each counts as failed, rather than
            // `written` climbing while nothing reaches anyone. Explained once; the handler's reports are rate-limited.
            reportError(errorReported ? null : "standard output failed (PrintStream.checkError, which never clears):"
                    + " every batch from now on counts as failed", null, ErrorManager.FLUSH_FAILURE);
            errorReported = true;
        }
    }

    /** Standard output itself stays open: flushed, not closed. */
    @Override
    void release() {
        flush();
    }
}
