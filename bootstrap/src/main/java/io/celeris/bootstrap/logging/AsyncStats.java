package io.celeris.bootstrap.logging;

/**
 * The counters of one {@link AsyncHandler}, read at one moment (each counter is exact, the set is not
 * an atomic snapshot). Every record that passed the handler's level and filter ends up in exactly one of
 * {@code written}, {@code dropped}, {@code writeErrors}, or is still queued.
 *
 * @param enqueued    records accepted into the queue
 * @param written     records the delegate took without an error (including those written by the caller
 *                    after close); a buffering delegate that fails later, when flushed, counts a write error
 * @param dropped     records not written on purpose: queue full under {@code drop} / {@code block-then-drop},
 *                    published after the delegate was closed, left over when close timed out, or that
 *                    could not even be captured
 * @param writeErrors failures of the delegate: an exception from publish or flush, or an error it reported
 *                    to its ErrorManager (a stream that could not write)
 * @param queueDepth  records waiting in the queue now
 * @param capacity    the queue's bound
 */
public record AsyncStats(long enqueued, long written, long dropped, long writeErrors, int queueDepth, int capacity) {
}
