package io.celeris.adapter.cache;

import static io.celeris.adapter.cache.TwoTierCoherenceTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.testing.CachePortContract;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache contract, and coherence between two instances, on a real Redis Cluster (three masters started by
 * the test): keys of one entry and its generation share a slot (hash tag), scripts run on that slot's node,
 * clears SCAN every node, invalidations cross the cluster bus.
 */
class TwoTierClusterCacheTest extends CachePortContract {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static RedisClusterProcess cluster;
    private static RedisClusterClient adminClient;
    private static StatefulRedisClusterConnection<String, String> admin;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcess.start();
        System.out.println("[celeris-test] cluster tests on " + cluster.description());
        adminClient = RedisClusterClient.create(RedisConnector.clusterSeeds(cluster.uri()));
        admin = adminClient.connect();
    }

    @AfterAll
    static void stopCluster() {
        if (admin != null) {
            admin.close();
            adminClient.shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private TwoTierCache<String, String> instance(Duration ttl, Duration maxStale, String namespace, boolean generational) {
        var lifetime = TestCaches.lifetime(ttl, maxStale);
        var l1 = new L1Settings(10_000, lifetime);
        var l2 = TestCaches.redis(cluster.uri(), "celeris:", Duration.ofSeconds(1));
        var cache = generational
                ? TestCaches.generational(l1, l2, TestCaches.namespace(namespace, lifetime), nanos::get)
                : TestCaches.twoTier(l1, l2, TestCaches.namespace(namespace, lifetime), nanos::get);
        // A loaded machine may take longer than the connect timeout to open the first connections to three nodes.
        TwoTierCoherenceTest.awaitTrue(cache::healthy, "connected to " + cluster.uri());
        return cache;
    }

    @Override
    protected CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        return instance(ttl, maxStale, "cluster" + NAMESPACES.incrementAndGet(), false);
    }

    /** As Redis would let time pass, on every node: each TTL shrinks, a key whose TTL runs out is gone. */
    @Override
    protected void elapse(Duration time) {
        super.elapse(time);
        // Stores land after the reads that sent them: a store landing after this would carry a full lifetime.
        caches().forEach(Stores::landed);
        for (String key : keys("celeris:cluster*")) {
            long pttl = admin.sync().pttl(key);
            if (pttl > 0) {
                long left = pttl - time.toMillis();
                if (left <= 0) {
                    admin.sync().unlink(key);
                } else {
                    admin.sync().pexpire(key, left);
                }
            }
        }
    }

    private static List<String> keys(String pattern) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = admin.sync().scan(cursor, ScanArgs.Builder.matches(pattern).limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    @Test
    void entriesSpreadOverTheNodesAndAClearFindsThemOnEveryNode() {
        String namespace = "cluster" + NAMESPACES.incrementAndGet();
        var cache = made(instance(TTL, Duration.ZERO, namespace, false));
        for (int i = 0; i < 200; i++) {
            cache.put("k" + i, "v" + i);
        }
        var slotsByNode = new java.util.HashSet<String>();
        for (int i = 0; i < 200; i++) {
            slotsByNode.add(admin.getPartitions().getPartitionBySlot(
                    io.lettuce.core.cluster.SlotHash.getSlot("celeris:" + namespace + ":v1:{k" + i + "}")).getNodeId());
        }
        assertThat(slotsByNode).as("nodes holding entries").hasSize(3);
        assertThat(keys("celeris:" + namespace + ":*")).hasSizeGreaterThanOrEqualTo(200);
        cache.invalidateAll();
        assertThat(keys("celeris:" + namespace + ":v1:{*}")).isEmpty();
    }

    @Test
    void twoInstancesStayCoherentThroughTheCluster() {
        String namespace = "cluster" + NAMESPACES.incrementAndGet();
        var a = instance(TTL, Duration.ZERO, namespace, false);
        var b = instance(TTL, Duration.ZERO, namespace, false);
        var pagesA = instance(TTL, Duration.ZERO, namespace + "p", true);
        var pagesB = instance(TTL, Duration.ZERO, namespace + "p", true);
        try {
            assertThat(b.get("k", k -> "v1")).isEqualTo("v1");
            Stores.landed(b);
            assertThat(a.get("k", k -> "never")).as("from Redis").isEqualTo("v1");
            a.invalidate("k");
            awaitTrue(() -> !b.holdsLocally("k"), "B heard the invalidation");
            assertThat(b.get("k", k -> "v2")).isEqualTo("v2");

            assertThat(pagesB.get("p", k -> "old")).isEqualTo("old");
            pagesA.invalidateAll();
            awaitTrue(() -> pagesB.generation() == pagesA.generation(), "B heard the new generation");
            assertThat(pagesB.get("p", k -> "new")).isEqualTo("new");
        } finally {
            a.close();
            b.close();
            pagesA.close();
            pagesB.close();
        }
    }
}
