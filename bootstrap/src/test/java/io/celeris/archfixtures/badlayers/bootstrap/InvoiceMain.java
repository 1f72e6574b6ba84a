package io.celeris.archfixtures.badlayers.bootstrap;

import io.celeris.archfixtures.badlayers.adapter.persistence.InvoiceTable;
import io.celeris.archfixtures.badlayers.application.InvoiceService;

/** Fine: bootstrap may use everything. */
public final class InvoiceMain {

    private InvoiceMain() {
    }

    public static String run() {
        return new InvoiceService().invoice(new InvoiceTable().load("x")).toJson();
    }
}
