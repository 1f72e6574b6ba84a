package io.celeris.archfixtures.badlayers.adapter.cache;

/** Fine by itself. */
public final class InvoiceCache {

    public long get(String id) {
        return id.length();
    }
}
