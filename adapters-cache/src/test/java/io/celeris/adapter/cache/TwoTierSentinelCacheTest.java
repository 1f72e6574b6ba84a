package io.celeris.adapter.cache;

import static io.celeris.adapter.cache.TwoTierCoherenceTest.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.application.port.out.CachePort;
import io.celeris.application.testing.CachePortContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache contract and cross-instance coherence through Redis Sentinel: a master and one sentinel
 * monitoring it, both started by the test; the cache is given only the sentinel's {@code redis-sentinel://}
 * URI and finds the master through it.
 */
class TwoTierSentinelCacheTest extends CachePortContract {

    private static final AtomicInteger NAMESPACES = new AtomicInteger();
    private static RedisProcess master;
    private static Process sentinel;
    private static int sentinelPort;
    private static RedisAdmin admin;

    @BeforeAll
    static void startSentinel() throws Exception {
        master = RedisProcess.start();
        sentinelPort = freePort();
        Path dir = Files.createTempDirectory("celeris-sentinel");
        Path conf = dir.resolve("sentinel.conf");
        Files.writeString(conf, """
                port %d
                bind 127.0.0.1
                sentinel monitor celeris 127.0.0.1 %d 1
                sentinel down-after-milliseconds celeris 5000
                """.formatted(sentinelPort, master.port()));
        sentinel = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sentinel.log").toFile())
                .start();
        // Ready once it names the master it monitors (it may take a moment to start listening).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String answer = "";
        while (!answer.contains(String.valueOf(master.port()))) {
            if (System.nanoTime() > deadline || !sentinel.isAlive()) {
                throw new IllegalStateException("the sentinel did not come up; its log:\n"
                        + Files.readString(dir.resolve("sentinel.log")));
            }
            RedisProcess.sleep(50);
            Process cli = new ProcessBuilder("redis-cli", "-p", String.valueOf(sentinelPort), "sentinel",
                    "get-master-addr-by-name", "celeris").redirectErrorStream(true).start();
            answer = new String(cli.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            cli.waitFor(5, TimeUnit.SECONDS);
        }
        admin = new RedisAdmin(master.uri());
        System.out.println("[celeris-test] sentinel tests: master " + master.description() + ", sentinel on port "
                + sentinelPort);
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (sentinel != null) {
            sentinel.destroyForcibly();
            sentinel.waitFor(10, TimeUnit.SECONDS);
        }
        if (master != null) {
            master.close();
        }
    }

    private static String sentinelUri() {
        return "redis-sentinel://127.0.0.1:" + sentinelPort + "#celeris";
    }

    private TwoTierCache<String, String> instance(Duration ttl, Duration maxStale, String namespace) {
        var lifetime = TestCaches.lifetime(ttl, maxStale);
        var cache = TestCaches.twoTier(new L1Settings(10_000, lifetime),
                TestCaches.redis(sentinelUri(), "celeris:", Duration.ofSeconds(1)),
                TestCaches.namespace(namespace, lifetime), nanos::get);
        // Connecting goes through the sentinel, then to the master, for commands and for pub/sub: allow a loaded
        // machine some seconds.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cache.healthy()) {
            if (System.nanoTime() > deadline) {
                var dump = new StringBuilder();
                Thread.getAllStackTraces().forEach((t, stack) -> {
                    if (t.getName().startsWith("celeris-cache") || t.getName().startsWith("lettuce")) {
                        dump.append(t.getName()).append(' ').append(t.getState()).append('\n');
                        for (StackTraceElement e : stack) {
                            dump.append("    ").append(e).append('\n');
                        }
                    }
                });
                throw new AssertionError("not connected through the sentinel at " + sentinelUri() + " within 20 s; "
                        + cache.stats() + "; link healthy " + cache.linkHealthy() + ", subscribed " + cache.subscribed()
                        + "\n" + dump);
            }
            RedisProcess.sleep(20);
        }
        return cache;
    }

    @Override
    protected CachePort<String, String> newCache(Duration ttl, Duration maxStale, AtomicLong nanos) {
        return instance(ttl, maxStale, "sentinel" + NAMESPACES.incrementAndGet());
    }

    @Override
    protected void elapse(Duration time) {
        super.elapse(time);
        // Stores land after the reads that sent them: a store landing after this would carry a full lifetime.
        caches().forEach(Stores::landed);
        admin.elapse("celeris:sentinel", time);
    }

    @Test
    void entriesLandOnTheMasterTheSentinelNamesAndInvalidationsReachTheOtherInstance() {
        String namespace = "sentinel" + NAMESPACES.incrementAndGet();
        var a = made(instance(TTL, Duration.ZERO, namespace));
        var b = (TwoTierCache<String, String>) made(instance(TTL, Duration.ZERO, namespace));
        assertThat(b.get("k", k -> "v1")).isEqualTo("v1");
        Stores.landed(b);
        assertThat(admin.redis().get("celeris:" + namespace + ":v1:{k}")).as("on the master").isNotNull();
        assertThat(a.get("k", k -> "never")).as("from Redis").isEqualTo("v1");
        a.invalidate("k");
        awaitTrue(() -> !b.holdsLocally("k"), "B heard the invalidation");
        assertThat(b.get("k", k -> "v2")).isEqualTo("v2");
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
