package io.celeris.bootstrap.logging;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opening and closing of {@link AsyncHandler}s: the handlers open now, and the close of one, which stops
 * accepting, lets the writer drain the queue within {@link AsyncSettings#closeTimeout()}, and gives up on it
 * after that (what is left is counted as dropped). Close is idempotent and safe from several threads at once:
 * the first caller does the work, the others wait (bounded) for it; no lock is held while waiting.
 */
final class Lifecycle {

    /** In the order they were opened; handlers open and close a few times per process, so copying on write is cheap. */
    private static final Set<AsyncHandler> OPEN = new CopyOnWriteArraySet<>();
    private static final CountDownLatch CLOSED_ALL = new CountDownLatch(1);

    /** No more records into the queue. */
    private volatile boolean closed;
    /** Close gave up waiting for the writer. */
    private volatile boolean abandoned;
    private final AtomicBoolean closeStarted = new AtomicBoolean();
    private final CountDownLatch closeFinished = new CountDownLatch(1);

    boolean closed() {
        return closed;
    }

    boolean abandoned() {
        return abandoned;
    }

    static void opened(AsyncHandler h) {
        OPEN.add(h);
    }

    /** Oldest first; see {@link AsyncHandler#open()}. */
    static List<AsyncHandler> open() {
        return List.copyOf(OPEN);
    }

    /** See {@link AsyncHandler#closeAll()}. */
    static void closeAll() {
        try {
            for (AsyncHandler h : List.copyOf(OPEN)) {
                h.close();
            }
        } finally {
            CLOSED_ALL.countDown();
        }
    }

    static boolean awaitCloseAll(Duration timeout) {
        return await(CLOSED_ALL, timeout);
    }

    /**
     * @param handler  the handler closing
     * @param writer   its writer
     * @param timeout  the close timeout
     * @param abandon  what to do when the writer did not finish in time
     */
    void close(AsyncHandler handler, WriterThread writer, Duration timeout, Runnable abandon) {
        if (!closeStarted.compareAndSet(false, true)) {
            if (!writer.isWriter()) {
                await(closeFinished, timeout.plusSeconds(1));
            }
            return;
        }
        try {
            closed = true;
            // A lingering or sleeping writer looks at `closed` now; a busy one after the batch it is writing.
            writer.wake();
            if (writer.isWriter()) {
                return; // the delegate closed us from inside a publish; the writer finishes after it
            }
            if (!writer.awaitExit(timeout)) {
                abandoned = true;
                abandon.run();
            }
        } finally {
            OPEN.remove(handler);
            closeFinished.countDown();
        }
    }

    static boolean await(CountDownLatch latch, Duration timeout) {
        boolean interrupted = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
