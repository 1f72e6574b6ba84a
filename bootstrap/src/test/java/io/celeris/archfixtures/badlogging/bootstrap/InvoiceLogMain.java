package io.celeris.archfixtures.badlogging.bootstrap;

import io.celeris.archfixtures.badlogging.bootstrap.logging.InvoiceLogHandler;
import io.celeris.archfixtures.badlogging.bootstrap.logging.Logging;
import java.util.logging.Logger;

/** Wrong: past the door (Logging) straight to a handler of the logging package. */
public final class InvoiceLogMain {

    private InvoiceLogMain() {
    }

    public static void main(String[] args) {
        Logging.configure(8);
        Logger.getLogger("invoices").addHandler(new InvoiceLogHandler(new InvoiceSettings(8)));
    }
}
