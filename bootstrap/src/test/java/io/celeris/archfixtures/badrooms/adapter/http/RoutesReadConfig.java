package io.celeris.archfixtures.badrooms.adapter.http;

import io.helidon.common.config.Config;

/** WRONG: an adapter reading config instead of getting a typed settings record. */
public final class RoutesReadConfig {

    public String basePath(Config config) {
        return config.get("app.base-path").asString().orElse("/");
    }
}
