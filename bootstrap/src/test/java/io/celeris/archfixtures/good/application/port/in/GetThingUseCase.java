package io.celeris.archfixtures.good.application.port.in;

import io.celeris.archfixtures.good.domain.Thing;
import java.util.Optional;

/** Inbound port: an interface. */
public interface GetThingUseCase {

    Optional<Thing> get(GetThingQuery query);
}
