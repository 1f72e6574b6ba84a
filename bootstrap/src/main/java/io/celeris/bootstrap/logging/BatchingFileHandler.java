package io.celeris.bootstrap.logging;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * A file delegate for the asynchronous writer: appends through a 64 KiB buffer and writes to the file
 * only when flushed, which the writer does once per batch. {@link java.util.logging.FileHandler} flushes
 * after every record: a system call per line, which caps a busy access log at the disk's syscall rate.
 * No rotation; when a size limit is configured the JDK's FileHandler (which rotates) is used instead.
 */
final class BatchingFileHandler extends StreamHandler {

    BatchingFileHandler(Path file, boolean append) throws IOException {
        setOutputStream(new BufferedOutputStream(new FileOutputStream(file.toFile(), append), 1 << 16));
        setLevel(Level.ALL);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        // StreamHandler.publish writes into the buffer without flushing; the batch's flush() writes it out.
        super.publish(record);
    }
}
