package io.celeris.adapter.cache;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hears the invalidations other instances publish, on a pub/sub connection of its own (a subscribed
 * connection can run no other command). Messages are {@code <sender> <namespace prefix>{<id>}} for one
 * key, {@code <sender> <namespace prefix>*} for all, and {@code <sender> <namespace prefix>#<n>} when a
 * generational namespace moves to generation n; an instance ignores its own.
 *
 * <p>Messages published while the subscription is down are lost, so the owner is told when it drops
 * ({@link Listener#subscriptionLost}) and when it is back ({@link Listener#resubscribed}); Lettuce
 * reconnects and resubscribes by itself, and a first connection that fails is retried in the
 * background.
 */
final class InvalidationBus implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(InvalidationBus.class.getName());
    private static final String ALL = "*";
    private static final String GENERATION = "#";

    /** What the bus tells its owner; called on Lettuce's I/O threads, so it must not block. */
    interface Listener {

        void invalidated(String id);

        void invalidatedAll();

        /** A generational namespace moved to generation {@code generation}. */
        default void generationChanged(long generation) {
            invalidatedAll();
        }

        void subscriptionLost();

        void resubscribed();
    }

    private final RedisConnector connector;
    private final String channel;
    private final String sender;
    private final String namespacePrefix;
    private final Listener listener;
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean subscribed;
    private volatile boolean everSubscribed;
    private volatile boolean closed;

    InvalidationBus(RedisConnector connector, String channel, String sender, String namespacePrefix,
                    Listener listener) {
        this.connector = connector;
        this.channel = channel;
        this.sender = sender;
        this.namespacePrefix = namespacePrefix;
        this.listener = listener;
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

    /** Starts subscribing, retried every {@code retryMillis} until it works once. */
    void start(ScheduledExecutorService scheduler, long retryMillis) {
        scheduler.scheduleWithFixedDelay(this::subscribeIfNeeded, 0, retryMillis, TimeUnit.MILLISECONDS);
    }

    /** @return the message that invalidates one key, for {@link RedisStore#publish} */
    String keyMessage(String id) {
        return sender + " " + namespacePrefix + "{" + id + "}";
    }

    /** @return the message that invalidates every key of the namespace */
    String allMessage() {
        return sender + " " + namespacePrefix + ALL;
    }

    /** @return the message that says a generational namespace moved to {@code generation} */
    String generationMessage(long generation) {
        return sender + " " + namespacePrefix + GENERATION + generation;
    }

    String channel() {
        return channel;
    }

    /** @return true while invalidations can be heard */
    boolean subscribed() {
        return subscribed;
    }

    private void subscribeIfNeeded() {
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

    private void onSubscribed() {
        subscribed = true;
        if (everSubscribed) {
            listener.resubscribed();
        }
        everSubscribed = true;
    }

    private void lost() {
        if (subscribed) {
            subscribed = false;
            listener.subscriptionLost();
        }
    }

    private void onMessage(String message) {
        int space = message.indexOf(' ');
        if (space < 0 || message.startsWith(sender + " ")) {
            return;
        }
        String target = message.substring(space + 1);
        if (!target.startsWith(namespacePrefix)) {
            return;
        }
        String rest = target.substring(namespacePrefix.length());
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
