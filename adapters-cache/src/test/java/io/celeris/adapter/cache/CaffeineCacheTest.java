package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.testing.CachePortContract;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CaffeineCacheTest extends CachePortContract {

    @Override
    protected CachePort<String, String> newCache(Duration ttl, AtomicLong nanos) {
        return Caches.inProcess(new L1Settings(10_000, ttl), nanos::get);
    }

    @Test
    void staysWithinItsMaximumSize() {
        CachePort<Integer, Integer> small = Caches.inProcess(new L1Settings(100, TTL), nanos::get);
        for (int i = 0; i < 10_000; i++) {
            small.put(i, i);
        }
        long held = 0;
        for (int i = 0; i < 10_000; i++) {
            held += small.getIfPresent(i).isPresent() ? 1 : 0;
        }
        assertThat(held).isLessThanOrEqualTo(100);
    }
}
