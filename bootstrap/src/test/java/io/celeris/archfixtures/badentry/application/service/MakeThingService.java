package io.celeris.archfixtures.badentry.application.service;

import io.celeris.archfixtures.badentry.application.port.in.MakeThingUseCase;

/** The implementation of the use case: bootstrap's to build, no adapter's to name. */
public final class MakeThingService implements MakeThingUseCase {

    /** A helper that an adapter might be tempted to call directly. */
    public static String normalise(String name) {
        return name.strip();
    }

    @Override
    public String make(String name) {
        return normalise(name);
    }
}
