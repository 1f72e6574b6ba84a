package io.celeris.bootstrap.logging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** The delegate of the tests: keeps every formatted line in memory; can be slow, gated, or failing. */
final class CollectingHandler extends Handler {

    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();
    /** Publishes begun, including one waiting at the gate. */
    final AtomicInteger entered = new AtomicInteger();
    volatile long delayNanos;
    volatile CountDownLatch gate;
    volatile Predicate<LogRecord> failWhen = r -> false;
    volatile boolean closed;

    CollectingHandler() {
        setFormatter(new Formatter() {
            @Override
            public String format(LogRecord r) {
                return formatMessage(r);
            }
        });
    }

    CollectingHandler slow(long micros) {
        delayNanos = TimeUnit.MICROSECONDS.toNanos(micros);
        return this;
    }

    CollectingHandler gated() {
        gate = new CountDownLatch(1);
        return this;
    }

    void open() {
        gate.countDown();
    }

    @Override
    public void publish(LogRecord r) {
        entered.incrementAndGet();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (delayNanos > 0) {
            LockSupport.parkNanos(delayNanos);
        }
        if (closed) {
            throw new AssertionError("publish after close: " + r.getMessage());
        }
        if (failWhen.test(r)) {
            throw new IllegalStateException("boom: " + r.getMessage());
        }
        threads.add(Thread.currentThread().getName());
        lines.add(getFormatter().format(r));
    }

    @Override
    public void flush() {
        flushes.incrementAndGet();
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        closed = true;
    }

    /** The lines that are records of the test, not the writer's drop reports. */
    List<String> records() {
        synchronized (lines) {
            return lines.stream().filter(l -> !l.endsWith(" log records dropped")).toList();
        }
    }

    long reportedDrops() {
        synchronized (lines) {
            return lines.stream().filter(l -> l.endsWith(" log records dropped"))
                    .mapToLong(l -> Long.parseLong(l.substring(0, l.indexOf(' ')))).sum();
        }
    }
}
