package io.celeris.bootstrap.logging;

/**
 * The counters of one {@link AsyncHandler}, read at one moment (each counter is exact, the set is not
 * an atomic snapshot). Every record that passed the handler's level and filter ends up in exactly one of
 * {@code written}, {@code dropped}, {@code writeErrors}, or is still queued.
 *
 * @param enqueued    records accepted into the queue
 * @param written     records the delegate took without an error (including those written by the caller
 *                    after close); a record in a batch whose flush fails counts as a write error instead
 * @param dropped     records not written on purpose: queue full under {@code drop} / {@code block-then-drop},
 *                    published after the delegate was closed, left over when close timed out, or that
 *                    could not even be captured
 * @param writeErrors records the delegate failed to write: an exception from publish, an error it reported
 *                    to its ErrorManager (a stream that could not write), or a failed flush of their batch
 * @param queueDepth  records waiting in the queue now
 * @param capacity    the queue's bound
 */
public record AsyncStats(long enqueued, long written, long dropped, long writeErrors, int queueDepth, int capacity) {

    /**
     * @param other the counters of another handler
     * @return both added up
     */
    public AsyncStats plus(AsyncStats other) {
        return new AsyncStats(enqueued + other.enqueued, written + other.written, dropped + other.dropped,
                writeErrors + other.writeErrors, queueDepth + other.queueDepth, capacity + other.capacity);
    }
}
