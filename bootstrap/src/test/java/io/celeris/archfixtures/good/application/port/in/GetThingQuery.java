package io.celeris.archfixtures.good.application.port.in;

/** Input of a use case: a record. */
public record GetThingQuery(String name) {
}
