package io.celeris.archfixtures.badentry.adapter.cache;

import io.celeris.archfixtures.badentry.application.ThingLimits;
import io.celeris.archfixtures.badentry.application.port.in.MakeThingUseCase;

/** Right: an adapter that uses a port and a settings record of the application package. */
public final class CacheUsesPortAndSettings {

    private final MakeThingUseCase things;
    private final ThingLimits limits;

    public CacheUsesPortAndSettings(MakeThingUseCase things, ThingLimits limits) {
        this.things = things;
        this.limits = limits;
    }

    public String make(String name) {
        return things.make(name.substring(0, Math.min(name.length(), limits.maxLength())));
    }
}
