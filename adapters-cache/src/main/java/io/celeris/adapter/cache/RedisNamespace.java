package io.celeris.adapter.cache;

import java.util.Objects;

/**
 * One cache's part of Redis: every key of it is {@code <keyPrefix><name>:v<schemaVersion>:{<key>}}, e.g.
 * {@code celeris:user:v1:{42}}. A deploy that changes the value's shape bumps {@code schemaVersion} and never reads
 * the old entries. The braces are a cluster hash tag: an entry and its generation counter ({@code …:{42}:gen}) live
 * in one slot, so one script can touch both. The key prefix is the instance's ({@link RedisSettings#keyPrefix()}).
 *
 * @param name          what is cached, e.g. {@code user}
 * @param schemaVersion version of the value's encoded shape, &gt;= 1
 * @param lifetime      how long an entry lives in Redis
 */
record RedisNamespace(String name, int schemaVersion, Lifetime lifetime) {

    RedisNamespace {
        RedisSettings.requireName(name, "namespace");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the namespace must not be empty");
        }
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("schema version must be >= 1");
        }
        Objects.requireNonNull(lifetime, "lifetime");
    }

    /** @return what every key of the namespace starts with under {@code keyPrefix}, e.g. {@code celeris:user:v1:} */
    String prefixUnder(String keyPrefix) {
        return keyPrefix + name + ":v" + schemaVersion + ":";
    }
}
