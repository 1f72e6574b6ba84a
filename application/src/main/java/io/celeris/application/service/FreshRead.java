package io.celeris.application.service;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A read that concurrent callers share without any of them getting a value older than its own call.
 *
 * <p>A caller never joins a read already in flight: that read may have started before a write the caller has
 * already seen return. It joins the next read instead, which starts when the running one ends, so every value
 * handed out was read after its caller arrived. Alone, a caller reads by itself; under load one read answers
 * every caller that arrived while the previous one ran (one database round trip for many requests instead of
 * one each), at the price of waiting for at most that previous read.
 *
 * <p>A failed read fails every caller that shared it, with its exception; the next read is tried afresh.
 *
 * @param <T> the value read
 */
final class FreshRead<T> {

    private final Supplier<T> source;
    private final ReentrantLock lock = new ReentrantLock();
    /** The read in flight, or {@code null}. Guarded by {@link #lock}. */
    private Round<T> running;
    /** Callers that arrived while {@link #running} was in flight: the read after it. Guarded by {@link #lock}. */
    private Round<T> next;

    /** @param source the read to share; called by one caller at a time */
    FreshRead(Supplier<T> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** @return a value read after this call began (shared with the callers of the same round) */
    T get() {
        Round<T> round;
        boolean leads;
        lock.lock();
        try {
            if (running == null) {
                round = running = new Round<>();
                round.turn.complete(null);
                leads = true;
            } else if (next == null) {
                round = next = new Round<>();
                leads = true;
            } else {
                round = next;
                leads = false;
            }
            round.callers++;
        } finally {
            lock.unlock();
        }
        if (leads) {
            round.turn.join(); // at once when nothing ran; else when the running read ends
            read(round);
        }
        try {
            return round.result.join();
        } catch (CompletionException e) {
            throw unchecked(e.getCause());
        }
    }

    /** @return how many callers wait for the read after the running one (for tests) */
    int waitingCallers() {
        lock.lock();
        try {
            return next == null ? 0 : next.callers;
        } finally {
            lock.unlock();
        }
    }

    private void read(Round<T> round) {
        try {
            round.result.complete(source.get());
        } catch (RuntimeException | Error e) {
            round.result.completeExceptionally(e);
        } finally {
            Round<T> following;
            lock.lock();
            try {
                following = next;
                next = null;
                running = following;
            } finally {
                lock.unlock();
            }
            if (following != null) {
                following.turn.complete(null);
            }
        }
    }

    private static RuntimeException unchecked(Throwable cause) {
        if (cause instanceof RuntimeException e) {
            return e;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(cause); // a Supplier throws nothing checked
    }

    /** One shared read: its leader waits for {@code turn}, reads, and completes {@code result} for all. */
    private static final class Round<T> {
        final CompletableFuture<Void> turn = new CompletableFuture<>();
        final CompletableFuture<T> result = new CompletableFuture<>();
        /** Guarded by the read's lock. */
        int callers;
    }
}
