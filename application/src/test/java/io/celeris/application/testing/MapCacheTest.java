package io.celeris.application.testing;

import io.celeris.application.port.out.CachePort;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

class MapCacheTest extends CachePortContract {

    @Override
    protected CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        return new MapCache<>(ttl, maxStale, nanos);
    }
}
