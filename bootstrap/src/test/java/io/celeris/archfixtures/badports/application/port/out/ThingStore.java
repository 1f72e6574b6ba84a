package io.celeris.archfixtures.badports.application.port.out;

import io.celeris.archfixtures.badports.application.port.in.ThingQuery;

/** WRONG: an outbound port that speaks an inbound port's input. */
public interface ThingStore {

    String find(ThingQuery query);

    /** WRONG: a named class declared inside a port is still a class in the port package. */
    final class InMemory implements ThingStore {

        @Override
        public String find(ThingQuery query) {
            return query.name();
        }
    }
}
