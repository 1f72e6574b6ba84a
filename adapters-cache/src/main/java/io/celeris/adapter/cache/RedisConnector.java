package io.celeris.adapter.cache;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Lettuce client, standalone (also Sentinel, TLS) or cluster, hidden behind the commands both
 * share ({@link RedisClusterCommands}), so the rest of the adapter does not care which.
 *
 * <p>Options chosen for a cache: commands time out after the command timeout; while disconnected they
 * are rejected at once rather than queued (a queued cache read would only wait for its timeout); the
 * client reconnects by itself.
 */
sealed interface RedisConnector extends AutoCloseable permits RedisConnector.Standalone, RedisConnector.Cluster {

    /** Keys are text, values bytes. */
    RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** An open connection and its blocking commands. */
    record Connection(StatefulConnection<String, byte[]> connection, RedisClusterCommands<String, byte[]> commands) {
    }

    /**
     * @return a new connection; throws if Redis cannot be reached within the connect timeout
     */
    Connection connect();

    /**
     * @return a new publish/subscribe connection with text channels and messages
     */
    StatefulRedisPubSubConnection<String, String> connectPubSub();

    /**
     * @param listener told when any connection of this client connects or drops
     */
    void addListener(RedisConnectionStateListener listener);

    @Override
    void close();

    static RedisConnector create(RedisSettings settings, ClientResources resources) {
        SocketOptions socket = SocketOptions.builder().connectTimeout(settings.connectTimeout()).build();
        TimeoutOptions timeouts = TimeoutOptions.enabled(settings.commandTimeout());
        if (settings.cluster()) {
            var client = RedisClusterClient.create(resources, clusterSeeds(settings.uri()));
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    // Not REJECT_COMMANDS as for one server: a cluster connection opens its connection to each
                    // node on the first command for that node, and rejecting would fail that first command (every
                    // entry on that node, until then). Queued instead, a command still fails within the command
                    // timeout while its node is down (found by TwoTierClusterCacheTest on a real cluster).
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .socketOptions(socket)
                    .timeoutOptions(timeouts)
                    .build());
            return new Cluster(client, settings.commandTimeout(), settings.connectTimeout());
        }
        RedisURI uri = RedisURI.create(settings.uri());
        // The URI's timeout (60 s unless the URI says otherwise) bounds the handshake, including asking a sentinel
        // where the master is: a sentinel that accepts but does not answer would hold a reconnect for a minute.
        uri.setTimeout(settings.connectTimeout());
        uri.getSentinels().forEach(sentinel -> sentinel.setTimeout(settings.connectTimeout()));
        var client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                .build());
        return new Standalone(client, settings.commandTimeout(), settings.connectTimeout());
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

    /** A single Redis (or the master behind Sentinel). */
    record Standalone(RedisClient client, Duration commandTimeout, Duration connectTimeout) implements RedisConnector {

        @Override
        public Connection connect() {
            var connection = client.connect(CODEC);
            connection.setTimeout(commandTimeout);
            return new Connection(connection, connection.sync());
        }

        @Override
        public StatefulRedisPubSubConnection<String, String> connectPubSub() {
            var connection = client.connectPubSub();
            // Subscribing happens off the request path; give it the connect timeout, not 50 ms.
            connection.setTimeout(connectTimeout);
            return connection;
        }

        @Override
        public void addListener(RedisConnectionStateListener listener) {
            client.addListener(listener);
        }

        @Override
        public void close() {
            shutdown(client);
        }
    }

    /** A Redis Cluster. */
    record Cluster(RedisClusterClient client, Duration commandTimeout, Duration connectTimeout)
            implements RedisConnector {

        @Override
        public Connection connect() {
            var connection = client.connect(CODEC);
            connection.setTimeout(commandTimeout);
            return new Connection(connection, connection.sync());
        }

        @Override
        public StatefulRedisPubSubConnection<String, String> connectPubSub() {
            var connection = client.connectPubSub();
            connection.setTimeout(connectTimeout);
            return connection;
        }

        @Override
        public void addListener(RedisConnectionStateListener listener) {
            client.addListener(listener);
        }

        @Override
        public void close() {
            shutdown(client);
        }
    }

    private static void shutdown(AbstractRedisClient client) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
