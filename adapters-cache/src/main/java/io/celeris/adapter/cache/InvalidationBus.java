package io.celeris.adapter.cache;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The invalidations every instance publishes and hears, on one channel: one pub/sub connection per instance
 * (a subscribed connection can run no other command), shared by every cache, which registers its namespace.
 * Messages are {@code <sender> <namespace prefix>{<id>}} for one key, {@code <sender> <namespace prefix>*} for
 * all, {@code <sender> <namespace prefix>#<n>} when a generational namespace moves to generation n, and
 * {@code <sender> !} for a heartbeat; an instance ignores its own, except to know it still hears.
 *
 * <p>Three ways an invalidation can be lost, and what the bus does about each:
 * <ul>
 *   <li>the subscription drops: the owner is told ({@link Lifecycle#subscriptionLost}, then
 *       {@link Lifecycle#resubscribed}); Lettuce reconnects and resubscribes by itself;</li>
 *   <li>the subscription stays up but hears nothing (a frozen Redis resets no TCP connection): every instance
 *       publishes a heartbeat, and a bus that has heard nothing, its own heartbeat included, for
 *       {@code silence} is not {@link #hearing()};</li>
 *   <li>a publish fails (Redis unreachable, circuit open): the message is kept and {@link #replayUnpublished}
 *       sends it once Redis answers again.</li>
 * </ul>
 */
final class InvalidationBus implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InvalidationBus.class.getName());
    private static final String ALL = "*";
    private static final String GENERATION = "#";
    private static final String HEARTBEAT = "!";
    /** Beyond this many unsent messages, send "all" for every namespace instead. */
    private static final int MAX_UNPUBLISHED = 10_000;

    /** What a cache hears for its namespace; called on Lettuce's I/O threads, so it must not block. */
    interface Listener {

        void invalidated(String id);

        void invalidatedAll();

        /** A generational namespace moved to generation {@code generation}. */
        void generationChanged(long generation);
    }

    /** What the owner hears of the subscription itself; called on Lettuce's I/O threads. */
    interface Lifecycle {

        void subscriptionLost();

        void resubscribed();
    }

    private final RedisConnector connector;
    private final RedisLink link;
    private final String channel;
    /** What this bus's own messages start with: a random id per bus, so an instance knows its own. */
    private final String from = UUID.randomUUID() + " ";
    private final long silenceNanos;
    private final Lifecycle lifecycle;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    /** Messages Redis did not take; "everything" is an all-message for every namespace. */
    private final Backlog unpublished = new Backlog(MAX_UNPUBLISHED);
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean subscribed;
    private volatile boolean everSubscribed;
    private volatile long lastHeard;
    private volatile boolean closed;

    /**
     * @param channel   where every instance publishes and listens
     * @param silence   how long hearing nothing, not even our own heartbeat, means the subscription is lost
     * @param lifecycle told when the subscription drops and comes back
     */
    InvalidationBus(RedisConnector connector, RedisLink link, String channel, Duration silence, Lifecycle lifecycle) {
        this.connector = connector;
        this.link = link;
        this.channel = channel;
        this.silenceNanos = silence.toNanos();
        this.lifecycle = lifecycle;
        connector.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                // Only our subscription counts. Through a sentinel the client also opens (and closes) a connection
                // to the sentinel to ask where the master is; that close can arrive after we subscribed, and taken
                // for ours it left the bus "unsubscribed" for good (TwoTierSentinelCacheTest, now and then).
                if (handler == connection) {
                    lost();
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // Nothing yet: we are back only once Lettuce has resubscribed (see subscribed()).
            }
        });
    }

    /**
     * @param namespacePrefix what the namespace's keys start with, e.g. {@code celeris:user:v1:}
     * @param listener        told what others invalidated in it
     */
    void register(String namespacePrefix, Listener listener) {
        listeners.put(namespacePrefix, listener);
    }

    void unregister(String namespacePrefix) {
        listeners.remove(namespacePrefix);
    }

    /** @return the message that invalidates one key */
    String keyMessage(String namespacePrefix, String id) {
        return from + namespacePrefix + "{" + id + "}";
    }

    /** @return the message that invalidates every key of the namespace */
    String allMessage(String namespacePrefix) {
        return from + namespacePrefix + ALL;
    }

    /** @return the message that says a generational namespace moved to {@code generation} */
    String generationMessage(String namespacePrefix, long generation) {
        return from + namespacePrefix + GENERATION + generation;
    }

    /**
     * Publishes an invalidation; if Redis does not take it, keeps it for {@link #replayUnpublished}.
     *
     * @return true if Redis took it now
     */
    boolean publish(String message) {
        boolean sent = send(message);
        if (!sent) {
            keep(message);
        }
        return sent;
    }

    /**
     * Sends what could not be published, until one fails; order does not matter (a key dropped twice is dropped,
     * a generation is taken as the highest heard). The owner calls it once every store has replayed its own
     * pending deletes: a message that arrived before its delete would let the other instance read the old entry
     * back from Redis.
     */
    void replayUnpublished() {
        if (unpublished.everything()) {
            unpublished.everythingDone();
            for (String namespacePrefix : listeners.keySet()) {
                if (!send(allMessage(namespacePrefix))) {
                    unpublished.coverEverything();
                    return;
                }
            }
        }
        unpublished.drain(this::send);
    }

    /** @return true when no invalidation waits to be published */
    boolean allPublished() {
        return unpublished.isEmpty();
    }

    /** Publishes this instance's heartbeat, outside the circuit breaker; one lost is no loss (the next follows). */
    void heartbeat() {
        link.tryUnguarded(redis -> redis.publish(channel, (from + HEARTBEAT).getBytes(StandardCharsets.UTF_8)));
    }

    /** @return true while subscribed */
    boolean subscribed() {
        return subscribed;
    }

    /** @return true while subscribed and something (our own heartbeat at least) was heard within the bound */
    boolean hearing() {
        return subscribed && System.nanoTime() - lastHeard < silenceNanos;
    }

    /** Subscribes if not done yet; the owner calls it from its background check until it works once. */
    void subscribeIfNeeded() {
        if (closed || connection != null) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> c = null;
        try {
            c = connector.connectPubSub();
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    onMessage(message);
                }

                @Override
                public void subscribed(String name, long count) {
                    onSubscribed();
                }
            });
            c.sync().subscribe(channel);
            connection = c;
            if (closed) {
                c.close();
            }
        } catch (RuntimeException e) {
            if (c != null) {
                c.close();
            }
            LOG.log(Level.FINE, "cannot subscribe to " + channel + " yet", e);
        }
    }

    /** Unsubscribes while the connection stays up, as a frozen Redis would look from here (tests). */
    void stopHearing() {
        var c = connection;
        if (c != null) {
            c.sync().unsubscribe(channel);
        }
    }

    private boolean send(String message) {
        try {
            link.call(redis -> redis.publish(channel, message.getBytes(StandardCharsets.UTF_8)));
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        }
    }

    private void keep(String message) {
        unpublished.add(message);
    }

    private void onSubscribed() {
        // A fresh subscription has heard nothing yet: give it the bound to hear its first heartbeat.
        lastHeard = System.nanoTime();
        subscribed = true;
        if (everSubscribed) {
            lifecycle.resubscribed();
        }
        everSubscribed = true;
    }

    private void lost() {
        if (subscribed) {
            subscribed = false;
            lifecycle.subscriptionLost();
        }
    }

    private void onMessage(String message) {
        lastHeard = System.nanoTime();
        int space = message.indexOf(' ');
        if (space < 0 || message.startsWith(from)) {
            return;
        }
        String target = message.substring(space + 1);
        for (var entry : listeners.entrySet()) {
            if (target.startsWith(entry.getKey())) {
                dispatch(target.substring(entry.getKey().length()), entry.getValue());
                return;
            }
        }
    }

    private static void dispatch(String rest, Listener listener) {
        if (rest.equals(ALL)) {
            listener.invalidatedAll();
        } else if (rest.startsWith(GENERATION)) {
            try {
                listener.generationChanged(Long.parseLong(rest.substring(GENERATION.length())));
            } catch (NumberFormatException e) {
                listener.invalidatedAll(); // not ours to read: drop everything rather than keep stale pages
            }
        } else if (rest.length() >= 2 && rest.startsWith("{") && rest.endsWith("}")) {
            listener.invalidated(rest.substring(1, rest.length() - 1));
        }
    }

    @Override
    public void close() {
        closed = true;
        subscribed = false;
        var c = connection;
        if (c != null) {
            c.close();
        }
    }
}
