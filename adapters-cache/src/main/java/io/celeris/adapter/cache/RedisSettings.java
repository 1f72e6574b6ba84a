package io.celeris.adapter.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The instance's one Redis runtime ({@link RedisRuntime}): where Redis is and how the runtime treats it, shared by
 * every cache on it. What each cache keeps there (its namespace, schema version and lifetimes) is the cache's own.
 *
 * <p>{@code uri} is any URI Lettuce's {@code RedisURI.create} reads: {@code redis://[user:password@]host:port[/db]},
 * {@code rediss://…} (TLS), {@code redis-sentinel://host:port[,host:port]/db#masterName}. For a Redis
 * Cluster write {@code redis-cluster://[password@]host:port[,host:port…]} (or {@code rediss-cluster://}
 * for TLS): the seed nodes, each then read as {@code redis://} (or {@code rediss://}) by a Lettuce
 * {@code RedisClusterClient}.
 *
 * @param uri                where Redis is (see above); its password is never printed
 * @param keyPrefix          the start of every key and of the invalidation channel, e.g. {@code celeris:}
 * @param commandTimeout     longest wait for one Redis command; a slower answer is a miss
 * @param connectTimeout     longest wait for a connection, in the background (and once at start-up)
 * @param breaker            when to stop calling Redis and how soon to try again
 * @param degradedTimeToLive how long an in-process entry of any cache on the runtime stays fresh while invalidations
 *                           cannot arrive (Redis unreachable, the subscription down or silent); never more than
 *                           the cache's own lifetime
 */
public record RedisSettings(String uri, String keyPrefix, Duration commandTimeout, Duration connectTimeout,
                            Breaker breaker, Duration degradedTimeToLive) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]*");

    /**
     * The circuit breaker around Redis commands (Helidon Fault Tolerance). Once open, commands fail at
     * once, without waiting for a timeout; after {@code openFor}, probes go through, and one success
     * closes it again.
     *
     * @param volume     commands in the rolling window judged
     * @param errorRatio percentage of failed commands in the window that opens the circuit
     * @param openFor    how long it stays open before probing
     */
    public record Breaker(int volume, int errorRatio, Duration openFor) {

        public Breaker {
            if (volume < 1 || errorRatio < 1 || errorRatio > 100) {
                throw new IllegalArgumentException("breaker needs volume >= 1 and error ratio in 1..100");
            }
            Lifetime.requirePositive(openFor, "openFor");
        }
    }

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        requireName(keyPrefix, "key prefix");
        Objects.requireNonNull(breaker, "breaker");
        Lifetime.requirePositive(commandTimeout, "command timeout");
        Lifetime.requirePositive(connectTimeout, "connect timeout");
        Lifetime.requirePositive(degradedTimeToLive, "degraded time to live");
    }

    /**
     * No braces (they would break the hash tag), no glob characters (a clear scans by pattern).
     *
     * @throws IllegalArgumentException if {@code name} holds anything but letters, digits and {@code _ . : -}
     */
    static void requireName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " may hold only letters, digits and _ . : -");
        }
    }

    /** @return true for a {@code redis-cluster://} or {@code rediss-cluster://} URI */
    public boolean cluster() {
        return uri.startsWith("redis-cluster://") || uri.startsWith("rediss-cluster://");
    }

    /** @return the URI with any password replaced by {@code ***}, fit for logs */
    public String redactedUri() {
        return redacted(uri);
    }

    /**
     * @param uri a Redis URI, or what was given as one
     * @return it with any password replaced by {@code ***}, fit for logs and messages
     */
    public static String redacted(String uri) {
        return uri.replaceAll("(://[^@/]*?:)[^@/]*@", "$1***@").replaceAll("(://)([^:@/]+)@", "$1***@");
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=" + redactedUri() + ", keyPrefix=" + keyPrefix + ", commandTimeout="
                + commandTimeout + ", connectTimeout=" + connectTimeout + ", breaker=" + breaker
                + ", degradedTimeToLive=" + degradedTimeToLive + "]";
    }
}
