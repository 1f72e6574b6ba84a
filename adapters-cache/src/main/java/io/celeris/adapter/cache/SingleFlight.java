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
 *
 * <p>A caller joins only work begun in its own epoch (the cache's stamp of the key, which every invalidation moves
 * on): a load that began before a write may hold what the write replaced, and the writer's next read, arriving after
 * the write's invalidation, must not be given it. Such a caller starts work of its own, which later callers join.
 */
final class SingleFlight<K, R> {

    private final ConcurrentHashMap<K, Flight<R>> flights = new ConcurrentHashMap<>();

    /** As {@link #run(Object, long, Supplier)} for a cache without stamps: every caller joins. */
    R run(K key, Supplier<R> work) {
        return run(key, 0, work);
    }

    /**
     * @param key   what the work is for
     * @param epoch the key's stamp as the caller found it before looking for running work
     * @param work  what to run unless work of the same key and epoch is running
     * @return the work's result, or the running work's
     */
    R run(K key, long epoch, Supplier<R> work) {
        var mine = new Flight<R>(epoch, new CompletableFuture<>());
        while (true) {
            Flight<R> running = flights.putIfAbsent(key, mine);
            if (running == null) {
                break;
            }
            if (running.epoch == epoch) {
                return await(running.result);
            }
            // Begun before an invalidation this caller has seen: its result may be older than the caller may be
            // given. Ours takes its place (its own end removes only itself).
            if (flights.replace(key, running, mine)) {
                break;
            }
        }
        try {
            R result = work.get();
            mine.result.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.result.completeExceptionally(e);
            throw e;
        } finally {
            flights.remove(key, mine);
        }
    }

    private record Flight<R>(long epoch, CompletableFuture<R> result) {
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
