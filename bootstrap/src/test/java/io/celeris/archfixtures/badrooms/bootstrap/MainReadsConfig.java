package io.celeris.archfixtures.badrooms.bootstrap;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

/** Fine: bootstrap reads config and starts the server; the test checks it is NOT reported. */
public final class MainReadsConfig {

    private MainReadsConfig() {
    }

    public static WebServer server(Config config) {
        return WebServer.builder().port(config.get("server.port").asInt().orElse(8080)).build();
    }
}
