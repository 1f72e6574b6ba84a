package io.celeris.archfixtures.badentry.adapter.persistence;

import io.celeris.archfixtures.badentry.application.port.in.MakeThingUseCase;
import io.celeris.archfixtures.badentry.application.service.MakeThingService;

/** Wrong: an adapter builds a service itself instead of being handed the port. */
public final class StoreBuildsTheService {

    public MakeThingUseCase useCase() {
        return new MakeThingService();
    }
}
