package io.celeris.archfixtures.badlogging.bootstrap;

/** Settings of bootstrap outside the logging package: logging must not read them either. */
public record InvoiceSettings(int capacity) {
}
