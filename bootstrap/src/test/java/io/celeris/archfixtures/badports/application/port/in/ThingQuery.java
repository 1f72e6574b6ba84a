package io.celeris.archfixtures.badports.application.port.in;

/** Fine: a record; the test checks it is NOT reported. */
public record ThingQuery(String name) {
}
