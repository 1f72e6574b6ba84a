package io.celeris.bootstrap.logging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.ErrorManager;
import java.util.logging.Level;

/**
 * The queue of an {@link AsyncHandler} and the one platform thread that empties it into the {@link Output}.
 *
 * <p>Callers {@link #offer} records under the {@link Overflow} policy: waiting parks the caller on the queue's
 * lock (virtual threads unmount), records at or above {@link AsyncSettings#neverDropLevel()} always wait for
 * room, and the writer itself never waits (a delegate that logs into its own handler would wait for itself).
 *
 * <p>The writer drains up to {@link AsyncSettings#batchSize()} records at once and writes them as one batch.
 * When the queue is empty it lingers (parks {@link AsyncSettings#linger()}) and looks again, so that callers do
 * not pay for waking it: waking a parked thread is a system call, and one per record would cost the callers more
 * than the whole enqueue. After a few empty lingers in a row it sleeps until a caller finds {@link #asleep} set
 * and wakes it (or a close, flush or full queue does). Setting the flag, then looking at the queue once more,
 * and a caller enqueueing, then reading the flag, cannot both miss each other.
 */
final class WriterThread {

    /** Empty lingers in a row after which the writer sleeps until a record wakes it. */
    private static final int LINGERS_BEFORE_SLEEP = 8;
    /** Longest sleep of an idle writer: a safety net only, every record that finds it asleep wakes it. */
    private static final long IDLE_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AsyncSettings settings;
    private final BlockingQueue<Snapshot> queue;
    private final Thread thread;
    private final int neverDropThreshold;
    private final Lifecycle lifecycle;
    private final Output output;
    private final Accounting accounting;
    private final Accounting.Reporter reporter;

    /** Records taken and dealt with, flushed included; only the writer writes it. */
    private volatile long handled;
    /** The writer has made its last check for records: whoever still finds its own record queued takes it back. */
    private volatile boolean done;
    /** Records of the batch being written; written by the writer only. */
    private volatile int inHand;
    /** The writer is asleep (or about to be) until woken: whoever enqueues must wake it. */
    private volatile boolean asleep;
    private final CountDownLatch exited = new CountDownLatch(1);
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progress = progressLock.newCondition();

    private WriterThread(String name, AsyncSettings settings, Lifecycle lifecycle, Output output,
                         Accounting accounting, Accounting.Reporter reporter) {
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.capacity());
        this.neverDropThreshold = settings.neverDropLevel().equals(Level.OFF)
                ? Integer.MAX_VALUE : settings.neverDropLevel().intValue();
        this.lifecycle = lifecycle;
        this.output = output;
        this.accounting = accounting;
        this.reporter = reporter;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
    }

    /**
     * @param name the writer thread's name
     * @return the queue, its writer running
     */
    static WriterThread start(String name, AsyncSettings settings, Lifecycle lifecycle, Output output,
                              Accounting accounting, Accounting.Reporter reporter) {
        var writer = new WriterThread(name, settings, lifecycle, output, accounting, reporter);
        writer.thread.start();
        return writer;
    }

    boolean isWriter() {
        return Thread.currentThread() == thread;
    }

    int depth() {
        return queue.size();
    }

    /** @return whether the record is queued; false: it is to be dropped */
    boolean offer(Snapshot s, Level level) {
        if (queue.offer(s)) {
            return true;
        }
        // Full: the writer may be lingering; it should drain now, not at the end of its linger.
        LockSupport.unpark(thread);
        if (isWriter()) {
            return false;
        }
        if (settings.overflow() == Overflow.BLOCK || level.intValue() >= neverDropThreshold) {
            return putUninterruptibly(s);
        }
        if (settings.overflow() == Overflow.DROP) {
            return false;
        }
        try {
            return queue.offer(s, settings.blockTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return queue.offer(s);
        }
    }

    private boolean putUninterruptibly(Snapshot s) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(s);
                    return true;
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

    /**
     * After a successful {@link #offer}: wakes a sleeping writer, and takes the record back if the writer has
     * made its last check meanwhile (then nobody would take it).
     *
     * @return whether the caller must write the record itself
     */
    boolean takenBack(Snapshot s) {
        if (asleep) {
            wake();
        }
        return done && queue.remove(s);
    }

    void wake() {
        LockSupport.unpark(thread);
    }

    private void loop() {
        var batch = new ArrayList<Snapshot>(Math.min(settings.batchSize(), settings.capacity()));
        try {
            int emptyLingers = 0;
            while (!(lifecycle.closed() && queue.isEmpty()) && !lifecycle.abandoned()) {
                try {
                    if (queue.drainTo(batch, settings.batchSize()) > 0) {
                        emptyLingers = 0;
                        write(batch, false);
                    } else {
                        long drops = accounting.dropsToAnnounce(false);
                        if (drops > 0) {
                            // Nothing else may come to flush it: a buffering delegate would hold it.
                            output.announceDrops(drops);
                            output.flush(0);
                        }
                        accounting.reportFailures(false);
                        idle(emptyLingers++);
                    }
                } catch (RuntimeException | Error e) {
                    // The writer must outlive anything: a dead writer would leave callers waiting for room.
                    batch.clear();
                    reporter.report("the log writer failed; it goes on", Output.asException(e),
                            ErrorManager.GENERIC_FAILURE);
                }
            }
        } finally {
            done = true;
            // Callers that saw `closed` false just before close may have enqueued since our last look.
            while (!lifecycle.abandoned() && queue.drainTo(batch, settings.batchSize()) > 0) {
                write(batch, true);
            }
            output.announceDrops(accounting.dropsToAnnounce(true));
            output.close();
            exited.countDown();
            signalProgress();
        }
    }

    private void write(List<Snapshot> batch, boolean last) {
        int n = batch.size();
        inHand = n;
        output.writeBatch(batch, lifecycle::abandoned, last);
        inHand = 0;
        batch.clear();
        handled += n;
        signalProgress();
    }

    private void idle(int emptyLingers) {
        Thread.interrupted(); // nobody should interrupt the writer; a pending interrupt would make park spin
        long linger = settings.linger().toNanos();
        if (linger > 0 && emptyLingers < LINGERS_BEFORE_SLEEP) {
            LockSupport.parkNanos(this, linger);
            return;
        }
        asleep = true;
        try {
            if (queue.isEmpty() && !lifecycle.closed() && !lifecycle.abandoned()) {
                LockSupport.parkNanos(this, accounting.dropsPending() ? Accounting.REPORT_INTERVAL_NANOS
                        : IDLE_SLEEP_NANOS);
            }
        } finally {
            asleep = false;
        }
    }

    private void signalProgress() {
        progressLock.lock();
        try {
            progress.signalAll();
        } finally {
            progressLock.unlock();
        }
    }

    /**
     * Waits until the writer has dealt with {@code target} records (or has exited), at most {@code timeout}.
     *
     * @param target a count of records enqueued
     * @param timeout longest wait
     */
    void awaitHandled(long target, Duration timeout) {
        wake();
        long deadline = System.nanoTime() + timeout.toNanos();
        progressLock.lock();
        try {
            while (handled < target && exited.getCount() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                progress.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            progressLock.unlock();
        }
    }

    /** @return whether the writer exited within the timeout */
    boolean awaitExit(Duration timeout) {
        return Lifecycle.await(exited, timeout);
    }

    /**
     * Close gave up on the writer: no more takes-back, and what is queued is removed.
     *
     * @return how many records were left
     */
    /**
     * @return the records of the batch being written now (taken from the queue, not yet written nor dropped): at an
     *         abandoned close, those a delegate that stopped holds
     */
    int inHand() {
        return inHand;
    }

    int abandon() {
        done = true;
        var left = new ArrayList<Snapshot>();
        queue.drainTo(left);
        return left.size();
    }
}
