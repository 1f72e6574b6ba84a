package io.celeris.adapter.persistence;

import java.time.Duration;
import java.util.Objects;

/**
 * A read replica of the PostgreSQL database (streaming replication): list and get-by-id reads that no cache keeps
 * may come from it; writes never do. Its pool and admission are sized like the primary's.
 *
 * @param url      JDBC URL, {@code jdbc:postgresql://...}
 * @param user     user name
 * @param password password
 * @param maxLag   a replica further behind the primary than this (in time) takes no reads until it is back within
 *                 half of it
 */
public record ReplicaSettings(String url, String user, String password, Duration maxLag) {

    public ReplicaSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("database.read.url must be a jdbc:postgresql: URL, not " + url);
        }
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        Objects.requireNonNull(maxLag, "maxLag");
        if (maxLag.isNegative() || maxLag.isZero()) {
            throw new IllegalArgumentException("database.read.max-lag must be positive, not " + maxLag);
        }
    }

    /** The primary's settings with this replica's address, its pool named after the primary's. */
    DatabaseSettings asDatabase(DatabaseSettings primary) {
        var p = primary.pool();
        var pool = new DatabaseSettings.Pool(p.name() + "-replica", p.minimumIdle(), p.maximumPoolSize(),
                p.connectionTimeout(), p.maxLifetime(), p.keepaliveTime(), p.idleTimeout(), p.leakDetectionThreshold(),
                p.validationTimeout(), DatabaseSettings.Pool.Mode.POOLED);
        return new DatabaseSettings(url, user, password, pool, primary.admission(), primary.callTimeout());
    }

    @Override
    public String toString() {
        return "ReplicaSettings[url=" + url + ", user=" + user + ", maxLag=" + maxLag + "]";
    }
}
