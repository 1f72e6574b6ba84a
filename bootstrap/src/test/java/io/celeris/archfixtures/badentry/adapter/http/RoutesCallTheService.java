package io.celeris.archfixtures.badentry.adapter.http;

import io.celeris.archfixtures.badentry.application.service.MakeThingService;

/** Wrong: the HTTP adapter reaches past the port into a service. */
public final class RoutesCallTheService {

    public String handle(String body) {
        return MakeThingService.normalise(body);
    }
}
