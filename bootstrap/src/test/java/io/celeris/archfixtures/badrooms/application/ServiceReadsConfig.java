package io.celeris.archfixtures.badrooms.application;

import io.helidon.config.Config;

/** WRONG: config in the core. */
public final class ServiceReadsConfig {

    public long ttlSeconds(Config config) {
        return config.get("cache.ttl").asLong().orElse(60L);
    }
}
