package io.celeris.adapter.cache;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Redis tier.
 *
 * <p>{@code uri} is any URI Lettuce's {@code RedisURI.create} reads: {@code redis://[user:password@]host:port[/db]},
 * {@code rediss://…} (TLS), {@code redis-sentinel://host:port[,host:port]/db#masterName}. For a Redis
 * Cluster write {@code redis-cluster://[password@]host:port[,host:port…]} (or {@code rediss-cluster://}
 * for TLS): the seed nodes, each then read as {@code redis://} (or {@code rediss://}) by a Lettuce
 * {@code RedisClusterClient}.
 *
 * <p>Every key is {@code <keyPrefix><namespace>:v<schemaVersion>:{<key>}}, e.g. {@code celeris:user:v1:{42}}:
 * a deploy that changes the value's shape bumps {@code schemaVersion} and never reads the old
 * entries. The braces are a cluster hash tag: an entry and its generation counter
 * ({@code …:{42}:gen}) live in one slot, so one script can touch both.
 *
 * @param uri            where Redis is (see above); its password is never printed
 * @param keyPrefix      the start of every key and of the invalidation channel, e.g. {@code celeris:}
 * @param namespace      what is cached, e.g. {@code user}
 * @param schemaVersion  version of the value's encoded shape, &gt;= 1
 * @param timeToLive     how long an entry is fresh after it was written
 * @param jitter         lifetimes move randomly within ±this ratio (0 for none, default 0.1)
 * @param maxStale       the stale-if-error window past the lifetime (zero: none)
 * @param commandTimeout longest wait for one Redis command (default 50 ms); a slower answer is a miss
 * @param connectTimeout longest wait for a connection, in the background (default 1 s)
 * @param breaker        when to stop calling Redis and how soon to try again
 */
public record RedisSettings(String uri, String keyPrefix, String namespace, int schemaVersion, Duration timeToLive,
                            double jitter, Duration maxStale, Duration commandTimeout, Duration connectTimeout,
                            Breaker breaker) {

    /** The default prefix of every key. */
    public static final String DEFAULT_KEY_PREFIX = "celeris:";

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

        /** 10 commands, 50 % failed, 1 s open. */
        public static final Breaker DEFAULT = new Breaker(10, 50, Duration.ofSeconds(1));

        public Breaker {
            if (volume < 1 || errorRatio < 1 || errorRatio > 100) {
                throw new IllegalArgumentException("breaker needs volume >= 1 and error ratio in 1..100");
            }
            requirePositive(openFor, "openFor");
        }
    }

    public RedisSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(breaker, "breaker");
        // No braces (they would break the hash tag), no glob characters (clear() scans by pattern).
        if (!NAME.matcher(keyPrefix).matches() || !NAME.matcher(namespace).matches() || namespace.isEmpty()) {
            throw new IllegalArgumentException("key prefix and namespace may hold only letters, digits and _ . : -");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema version must be >= 1");
        }
        requirePositive(timeToLive, "time to live");
        new Jitter(jitter);
        Objects.requireNonNull(maxStale, "maxStale");
        if (maxStale.isNegative()) {
            throw new IllegalArgumentException("max stale must be >= 0");
        }
        requirePositive(commandTimeout, "command timeout");
        requirePositive(connectTimeout, "connect timeout");
    }

    /**
     * Settings with the defaults: prefix {@code celeris:}, ±10 % jitter, no stale window, 50 ms
     * command timeout, 1 s connect timeout, {@link Breaker#DEFAULT}.
     *
     * @param uri           where Redis is
     * @param namespace     what is cached, e.g. {@code user}
     * @param schemaVersion version of the value's encoded shape
     * @param timeToLive    how long an entry is fresh
     * @return the settings
     */
    public static RedisSettings of(String uri, String namespace, int schemaVersion, Duration timeToLive) {
        return new RedisSettings(uri, DEFAULT_KEY_PREFIX, namespace, schemaVersion, timeToLive, Jitter.DEFAULT_RATIO,
                Duration.ZERO, Duration.ofMillis(50), Duration.ofSeconds(1), Breaker.DEFAULT);
    }

    /** @return these settings for another namespace and schema version (the connection settings stay) */
    public RedisSettings withNamespace(String name, int version) {
        return new RedisSettings(uri, keyPrefix, name, version, timeToLive, jitter, maxStale, commandTimeout,
                connectTimeout, breaker);
    }

    /** @return these settings with another key prefix */
    public RedisSettings withKeyPrefix(String prefix) {
        return new RedisSettings(uri, prefix, namespace, schemaVersion, timeToLive, jitter, maxStale, commandTimeout,
                connectTimeout, breaker);
    }

    /** @return these settings with another lifetime of an entry */
    public RedisSettings withTimeToLive(Duration ttl) {
        return new RedisSettings(uri, keyPrefix, namespace, schemaVersion, ttl, jitter, maxStale, commandTimeout,
                connectTimeout, breaker);
    }

    /** @return these settings with another jitter ratio */
    public RedisSettings withJitter(double ratio) {
        return new RedisSettings(uri, keyPrefix, namespace, schemaVersion, timeToLive, ratio, maxStale, commandTimeout,
                connectTimeout, breaker);
    }

    /** @return these settings with another stale-if-error window */
    public RedisSettings withMaxStale(Duration window) {
        return new RedisSettings(uri, keyPrefix, namespace, schemaVersion, timeToLive, jitter, window, commandTimeout,
                connectTimeout, breaker);
    }

    /** @return these settings with another command timeout */
    public RedisSettings withCommandTimeout(Duration timeout) {
        return new RedisSettings(uri, keyPrefix, namespace, schemaVersion, timeToLive, jitter, maxStale, timeout,
                connectTimeout, breaker);
    }

    /** @return these settings with another circuit breaker */
    public RedisSettings withBreaker(Breaker settings) {
        return new RedisSettings(uri, keyPrefix, namespace, schemaVersion, timeToLive, jitter, maxStale, commandTimeout,
                connectTimeout, settings);
    }

    /** @return true for a {@code redis-cluster://} or {@code rediss-cluster://} URI */
    public boolean cluster() {
        return uri.startsWith("redis-cluster://") || uri.startsWith("rediss-cluster://");
    }

    /** @return the URI with any password replaced by {@code ***}, fit for logs */
    public String redactedUri() {
        return uri.replaceAll("(://[^@/]*?:)[^@/]*@", "$1***@").replaceAll("(://)([^:@/]+)@", "$1***@");
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=" + redactedUri() + ", keyPrefix=" + keyPrefix + ", namespace=" + namespace
                + ", schemaVersion=" + schemaVersion + ", timeToLive=" + timeToLive + ", jitter=" + jitter
                + ", maxStale=" + maxStale + ", commandTimeout=" + commandTimeout + ", connectTimeout="
                + connectTimeout + ", breaker=" + breaker + "]";
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be > 0");
        }
    }
}
