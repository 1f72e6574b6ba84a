package io.celeris.archfixtures.badlayers.adapter.http;

/** Fine by itself. */
public final class InvoiceJson {

    private InvoiceJson() {
    }

    public static String render(long cents) {
        return "{\"cents\":" + cents + "}";
    }
}
