package io.celeris.adapter.cache;

import java.util.concurrent.CountDownLatch;

/** Small helpers for the concurrency tests. */
final class RaceSupport {

    private RaceSupport() {
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
