package io.celeris.adapter.cache;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One Lettuce client, standalone (also Sentinel, TLS) or cluster, hidden behind the commands both
 * share ({@link RedisClusterCommands}), so the rest of the adapter does not care which. The two kinds
 * differ only in how the client is made; from then on there is one path.
 *
 * <p>Options chosen for a cache: commands time out after the command timeout; while disconnected they
 * are rejected at once rather than queued (a queued cache read would only wait for its timeout); the
 * client reconnects by itself.
 */
final class RedisConnector implements AutoCloseable {

    /** Keys are text, values bytes. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** An open connection, its blocking commands, and the same commands answered later (stores nobody waits for). */
    record Connection(StatefulConnection<String, byte[]> connection, RedisClusterCommands<String, byte[]> commands,
                      RedisClusterAsyncCommands<String, byte[]> async) {
    }

    private final AbstractRedisClient client;
    private final Supplier<Connection> connect;
    private final Supplier<? extends StatefulRedisPubSubConnection<String, String>> connectPubSub;
    private final Duration commandTimeout;
    private final Duration connectTimeout;

    private RedisConnector(AbstractRedisClient client, Supplier<Connection> connect,
                           Supplier<? extends StatefulRedisPubSubConnection<String, String>> connectPubSub,
                           RedisSettings settings) {
        this.client = client;
        this.connect = connect;
        this.connectPubSub = connectPubSub;
        this.commandTimeout = settings.commandTimeout();
        this.connectTimeout = settings.connectTimeout();
    }

    static RedisConnector create(RedisSettings settings, ClientResources resources) {
        if (settings.cluster()) {
            var client = RedisClusterClient.create(resources, clusterSeeds(settings.uri()));
            // Not REJECT_COMMANDS as for one server: a cluster connection opens its connection to each node on the
            // first command for that node, and rejecting would fail that first command (every entry on that node,
            // until then). Queued instead, a command still fails within the command timeout while its node is down
            // (found by TwoTierClusterCacheTest on a real cluster).
            client.setOptions(options(ClusterClientOptions.builder(), settings,
                    ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS).build());
            return new RedisConnector(client, () -> open(client.connect(CODEC), StatefulRedisClusterConnection::sync,
                    StatefulRedisClusterConnection::async),
                    client::connectPubSub, settings);
        }
        RedisURI uri = RedisURI.create(settings.uri());
        // The URI's timeout (60 s unless the URI says otherwise) bounds the handshake, including asking a sentinel
        // where the master is: a sentinel that accepts but does not answer would hold a reconnect for a minute.
        uri.setTimeout(settings.connectTimeout());
        uri.getSentinels().forEach(sentinel -> sentinel.setTimeout(settings.connectTimeout()));
        var client = RedisClient.create(resources, uri);
        client.setOptions(options(ClientOptions.builder(), settings,
                ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        return new RedisConnector(client, () -> open(client.connect(CODEC), StatefulRedisConnection::sync,
                StatefulRedisConnection::async),
                client::connectPubSub, settings);
    }

    /** The options both kinds share; only what a disconnected client does with a command differs. */
    private static <B extends ClientOptions.Builder> B options(B builder, RedisSettings settings,
                                                               ClientOptions.DisconnectedBehavior disconnected) {
        builder.autoReconnect(true)
                .disconnectedBehavior(disconnected)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()));
        return builder;
    }

    private static <C extends StatefulConnection<String, byte[]>> Connection open(
            C connection, Function<C, ? extends RedisClusterCommands<String, byte[]>> sync,
            Function<C, ? extends RedisClusterAsyncCommands<String, byte[]>> async) {
        return new Connection(connection, sync.apply(connection), async.apply(connection));
    }

    /**
     * @param uri {@code redis-cluster://[password@]host:port,host:port} or {@code rediss-cluster://…}
     * @return one Lettuce URI per seed node
     */
    static List<RedisURI> clusterSeeds(String uri) {
        boolean tls = uri.startsWith("rediss-cluster://");
        String rest = uri.substring(uri.indexOf("://") + 3);
        String userInfo = "";
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at + 1);
            rest = rest.substring(at + 1);
        }
        var seeds = new ArrayList<RedisURI>();
        for (String node : rest.split(",")) {
            if (!node.isBlank()) {
                seeds.add(RedisURI.create((tls ? "rediss://" : "redis://") + userInfo + node.strip()));
            }
        }
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a redis-cluster:// URI needs at least one host:port");
        }
        return seeds;
    }

    /**
     * @return a new connection; throws if Redis cannot be reached within the connect timeout
     */
    Connection connect() {
        Connection c = connect.get();
        c.connection().setTimeout(commandTimeout);
        return c;
    }

    /**
     * A connection for the stores nobody waits for: it writes nothing until {@link StatefulConnection#flushCommands()}
     * (auto-flush off), so that a batch of stores costs one write and one wake-up of Lettuce's I/O thread instead of
     * one each.
     *
     * @return a new connection that buffers its commands; throws if Redis cannot be reached within the connect timeout
     */
    Connection connectBuffered() {
        Connection c = connect();
        c.connection().setAutoFlushCommands(false);
        return c;
    }

    /**
     * @return a new publish/subscribe connection with text channels and messages
     */
    StatefulRedisPubSubConnection<String, String> connectPubSub() {
        var c = connectPubSub.get();
        // Subscribing happens off the request path; give it the connect timeout, not 50 ms.
        c.setTimeout(connectTimeout);
        return c;
    }

    /**
     * @param listener told when any connection of this client connects or drops
     */
    void addListener(RedisConnectionStateListener listener) {
        client.addListener(listener);
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
