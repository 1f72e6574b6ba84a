package io.celeris.archfixtures.good.bootstrap;

import io.celeris.archfixtures.good.adapter.cache.CaffeineThingStore;
import io.celeris.archfixtures.good.adapter.http.ThingRoutes;
import io.celeris.archfixtures.good.adapter.persistence.JdbcThingStore;
import io.celeris.archfixtures.good.application.service.GetThingService;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/** Bootstrap knows every module, reads config and starts the server. */
public final class ThingsMain {

    private ThingsMain() {
    }

    public static WebServer server(Config config) {
        var store = new CaffeineThingStore(JdbcThingStore.at(config.get("db.url").asString().get()));
        var routes = new ThingRoutes(new GetThingService(store));
        return WebServer.builder()
                .port(config.get("server.port").asInt().orElse(8080))
                .routing(routing -> routing.register("/things", routes))
                .build();
    }
}
