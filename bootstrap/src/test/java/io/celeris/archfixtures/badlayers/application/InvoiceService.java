package io.celeris.archfixtures.badlayers.application;

import io.celeris.archfixtures.badlayers.domain.Invoice;

/** Fine: the application uses the domain. Only here so that no layer is empty. */
public final class InvoiceService {

    public Invoice invoice(long cents) {
        return new Invoice(cents);
    }
}
