package io.celeris.adapter.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs one piece of work per key at a time: callers arriving while it runs wait for its result (or
 * its exception) instead of repeating it. This is the stampede guard of every adapter.
 *
 * <p>Unlike a compute inside the map of cached values, the work holds no lock of that map, so an
 * invalidation (say, one arriving from Redis pub/sub on an I/O thread) never waits for a slow loader.
 */
final class SingleFlight<K, R> {

    private final ConcurrentHashMap<K, CompletableFuture<R>> flights = new ConcurrentHashMap<>();

    R run(K key, Supplier<R> work) {
        var mine = new CompletableFuture<R>();
        CompletableFuture<R> running = flights.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            R result = work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    private static <R> R await(CompletableFuture<R> flight) {
        try {
            return flight.join();
        } catch (CompletionException e) {
            // The leader's own exception, so every waiter sees what the loader threw.
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
