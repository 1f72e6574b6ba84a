package io.celeris.archfixtures.badlayers.domain;

import io.celeris.archfixtures.badlayers.adapter.http.InvoiceJson;

/** WRONG: the domain reaches out to an adapter. */
public record Invoice(long cents) {

    public String toJson() {
        return InvoiceJson.render(cents);
    }
}
