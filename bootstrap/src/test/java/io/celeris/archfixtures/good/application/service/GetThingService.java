package io.celeris.archfixtures.good.application.service;

import io.celeris.archfixtures.good.application.port.in.GetThingQuery;
import io.celeris.archfixtures.good.application.port.in.GetThingUseCase;
import io.celeris.archfixtures.good.application.port.out.ThingStore;
import io.celeris.archfixtures.good.domain.Thing;
import java.util.Optional;

/** The service is where the inbound and outbound ports meet. */
public final class GetThingService implements GetThingUseCase {

    private final ThingStore store;

    public GetThingService(ThingStore store) {
        this.store = store;
    }

    @Override
    public Optional<Thing> get(GetThingQuery query) {
        return store.find(query.name());
    }
}
