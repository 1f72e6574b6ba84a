package io.celeris.archfixtures.badports.application.port.in;

import io.celeris.archfixtures.badports.application.port.out.ThingStore;

/** WRONG: an inbound port that hands out an outbound one. */
public interface LoadThingUseCase {

    ThingStore store();
}
