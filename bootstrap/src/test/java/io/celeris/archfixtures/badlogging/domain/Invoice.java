package io.celeris.archfixtures.badlogging.domain;

/** A domain value the bad logging class knows: logging must not. */
public record Invoice(String number) {
}
