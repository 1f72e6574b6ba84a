package io.celeris.archfixtures.badports.application.port.in;

/** WRONG: a port with behaviour; that belongs in a service. */
public final class ThingHandler {

    public String handle(ThingQuery query) {
        return query.name().trim();
    }
}
