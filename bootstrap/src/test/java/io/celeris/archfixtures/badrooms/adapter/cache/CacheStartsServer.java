package io.celeris.archfixtures.badrooms.adapter.cache;

import io.helidon.webserver.WebServer;

/** WRONG: the WebServer belongs to the HTTP adapter and bootstrap. */
public final class CacheStartsServer {

    public WebServer server() {
        return WebServer.builder().build();
    }
}
