package io.celeris.archfixtures.badlayers.adapter.persistence;

import io.celeris.archfixtures.badlayers.adapter.cache.InvoiceCache;

/** WRONG: one adapter uses another; only bootstrap may combine adapters. */
public final class InvoiceTable {

    private final InvoiceCache cache = new InvoiceCache();

    public long load(String id) {
        return cache.get(id);
    }
}
