package io.celeris.archfixtures.badlogging.bootstrap.logging;

import io.celeris.archfixtures.badlogging.bootstrap.InvoiceSettings;
import io.celeris.archfixtures.badlogging.domain.Invoice;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** Wrong: a log handler that knows the domain and bootstrap's own settings. */
public final class InvoiceLogHandler extends Handler {

    private final InvoiceSettings settings;

    public InvoiceLogHandler(InvoiceSettings settings) {
        this.settings = settings;
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getParameters() != null && record.getParameters()[0] instanceof Invoice invoice) {
            System.out.println(settings.capacity() + " " + invoice.number());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
