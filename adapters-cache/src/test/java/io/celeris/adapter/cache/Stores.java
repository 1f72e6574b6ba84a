package io.celeris.adapter.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/** Stores are sent after a read returns, without waiting: tests that look at Redis wait for them to land first. */
final class Stores {

    private Stores() {
    }

    /** Waits until every store a cache has sent has been answered by Redis. */
    static void landed(Object cache) {
        RedisRuntime runtime = switch (cache) {
            case TwoTierCache<?, ?> twoTier -> twoTier.runtime();
            case RedisCache<?, ?> redis -> redis.runtime();
            default -> throw new IllegalArgumentException("no Redis under " + cache);
        };
        assertThat(runtime.link.awaitSent(Duration.ofSeconds(10))).as("stores answered within 10 s").isTrue();
    }

    /** Holds the stores of a cache back until {@link #release}: they then land after whatever the test did. */
    static final class Held implements Executor {

        private final List<Runnable> held = new ArrayList<>();

        @Override
        public synchronized void execute(Runnable store) {
            held.add(store);
        }

        synchronized int size() {
            return held.size();
        }

        /** Sends every store held, in order. */
        synchronized void release() {
            held.forEach(Runnable::run);
            held.clear();
        }
    }
}
