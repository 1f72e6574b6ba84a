package io.celeris.adapter.cache;

/**
 * What both invalidation strategies of {@link TwoTierCache} work on: this instance's L1, the namespace in Redis,
 * the bus to the other instances, and the counters.
 *
 * @param <V> value type
 */
final class Tiers<V> {

    final L1Store<String, V> l1;
    final RedisStore l2;
    final InvalidationBus bus;
    final Counters counters;

    Tiers(L1Store<String, V> l1, RedisStore l2, InvalidationBus bus, Counters counters) {
        this.l1 = l1;
        this.l2 = l2;
        this.bus = bus;
        this.counters = counters;
    }

    /** Tells the others to drop one key; the bus keeps it for later if Redis does not take it now. */
    void publishKey(String id) {
        publish(bus.keyMessage(l2.namespacePrefix(), id));
    }

    void publishAll() {
        publish(bus.allMessage(l2.namespacePrefix()));
    }

    void publishGeneration(long generation) {
        publish(bus.generationMessage(l2.namespacePrefix(), generation));
    }

    private void publish(String message) {
        if (bus.publish(message)) {
            counters.invalidationsSent.increment();
        }
    }

    /** After an outage: messages may have been missed, so nothing held in L1 is trusted. */
    void clearL1AfterOutage() {
        l1.clear();
        counters.l1Clears.increment();
    }

    /** @return true when the namespace in Redis has no delete waiting to be replayed */
    boolean replayPending() {
        if (!l2.upToDate()) {
            l2.replayPending();
        }
        return l2.upToDate();
    }
}
