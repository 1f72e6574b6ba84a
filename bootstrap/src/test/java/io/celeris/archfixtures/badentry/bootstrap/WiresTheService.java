package io.celeris.archfixtures.badentry.bootstrap;

import io.celeris.archfixtures.badentry.adapter.cache.CacheUsesPortAndSettings;
import io.celeris.archfixtures.badentry.application.ThingLimits;
import io.celeris.archfixtures.badentry.application.service.MakeThingService;

/** Right: bootstrap builds the service and hands it to the adapter as its port. */
public final class WiresTheService {

    private WiresTheService() {
    }

    public static CacheUsesPortAndSettings wire() {
        return new CacheUsesPortAndSettings(new MakeThingService(), new ThingLimits(10));
    }
}
