package io.celeris.archfixtures.badcore.domain;

import io.helidon.config.Config;

/** WRONG: a domain class that reads Helidon config. */
public final class UsesHelidon {

    public int limit(Config config) {
        return config.get("limit").asInt().orElse(20);
    }
}
