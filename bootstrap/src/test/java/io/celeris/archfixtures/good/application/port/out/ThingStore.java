package io.celeris.archfixtures.good.application.port.out;

import io.celeris.archfixtures.good.domain.Thing;
import java.util.Optional;

/** Outbound port: an interface. */
public interface ThingStore {

    Optional<Thing> find(String name);

    /** A null object in the port itself, like {@code CachePort.none()}: anonymous classes are allowed. */
    static ThingStore none() {
        return new ThingStore() {
            @Override
            public Optional<Thing> find(String name) {
                return Optional.empty();
            }
        };
    }
}
