package io.celeris.adapter.persistence;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** A JUL handler that adds every record it is given to a list, for tests that read what was logged. */
final class LogCollector extends Handler {

    private final List<LogRecord> records;

    /** @param records where the records go (a thread-safe list: loggers publish from any thread) */
    LogCollector(List<LogRecord> records) {
        this.records = records;
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
