package io.celeris.archfixtures.badlogging.bootstrap.logging;

import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** Fine: the JDK and its own package only; the test checks it is NOT reported. */
public final class PlainLogHandler extends Handler {

    private final InvoiceLogHandler next = new InvoiceLogHandler(null);

    @Override
    public void publish(LogRecord record) {
        next.publish(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
