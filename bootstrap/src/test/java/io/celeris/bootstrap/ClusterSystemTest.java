package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.cache.RedisTestServer;
import io.celeris.application.CommitPosition;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three instances as one service (issue 13 part 4): three JVMs of {@code Main} on one PostgreSQL of this test's own
 * with a streaming read replica ({@link PrimaryWithReplica}: {@code initdb}, {@code pg_basebackup -R}, hot standby;
 * every instance gets {@code DATABASE_READ_URL}) and one Redis key prefix of its own, behind Debian's nginx running
 * the shipped {@code deploy/nginx/celeris.conf} with three upstreams.
 *
 * <p>The replica applies each commit {@link #APPLY_DELAY} late ({@code recovery_min_apply_delay}): on the same
 * machine as its primary a replica is rarely far behind, and whether a read met its lag would be luck (for the
 * same reason {@code ReadReplicaSystemTest} pauses replay). With the delay every read it serves misses the last
 * quarter second of writes, so what the reads below must get right is really put to the test. The lag bound
 * ({@link #MAX_LAG}) is far above the delay, so the replica stays in reads.
 *
 * <ol>
 *   <li>The stale-read window: a write through instance A, read back from B and C directly (which held the old
 *       version in their in-process cache) until both show it; p50/p99/max printed, every sample under a bound.
 *       Reads by id fill the cache from the primary, never the replica (a lagging value would outlive the write's
 *       invalidation), so the window is still the invalidation alone, not the replica's lag: the test asserts that
 *       B and C served no read from the replica meanwhile.
 *   <li>The cursor crawler through nginx, forward and backward over four sorts, while writers create, rename and
 *       delete users through nginx and readers load the proxy; one instance is SIGKILLed mid-crawl. Crawl pages
 *       are the replica's reads, and it lags; the crawler does what a client that wants read-your-writes does: it
 *       sends the newest {@code Celeris-Consistency} token any writer had got when the crawl started, so each page
 *       comes from the replica only once it has replayed that far, else from the primary. Hence every row
 *       acknowledged before the crawl started that lived through it is seen exactly once, no row whose delete was
 *       acknowledged before is seen, and no row is seen with a name older than its acknowledged rename (see
 *       {@link #check}). Without the token the same crawls miss rows: 4 of 8 failed in a trial run. The replica must
 *       have served crawl pages ({@code celeris_db_replica_reads} on the instances that lived through the run).
 *       No GET answer is an error (nginx resends an idempotent request that died with the instance); no
 *       acknowledged write is lost; a write that was in flight on the killed instance is accounted for (see
 *       {@link #writeOutcomesAreAccountedFor}).
 * </ol>
 * The second test kills an instance, so the order matters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterSystemTest {

    /**
     * Bound on the stale-read window. The measured one is printed: p50 about 12 ms, p99 0.2–0.6 s with three JVMs
     * and eight builds on two cores (load average 20–25). A lost invalidation leaves the old version for the
     * cache's TTL (5 minutes), far beyond it.
     */
    private static final long STALE_BOUND_MS = 2_000;
    private static final String WRITE_SECRET = "cluster-test-write-secret";
    /** The replica's lag: it misses recent writes in every read it serves, and catches up with a token mid-crawl. */
    private static final Duration APPLY_DELAY = Duration.ofMillis(250);
    /** Far above the delay: a loaded machine must not take the replica out of reads. */
    private static final Duration MAX_LAG = Duration.ofSeconds(10);
    private static final int SEEDED = 2_000;
    private static final int DOOMED = 300;
    private static final int PAGE = 37;
    /** Crawl pages the replica must have answered on A and B: 365–382 of 393–426 in five runs, two of them loaded. */
    private static final long MIN_REPLICA_PAGES = 50;
    /** Sorts crawled: ties on every first key (created_at in threes, 15 names, last logins), NULLs, descending. */
    private static final List<String> SORTS = List.of("created_at", "-name", "email", "last_login_at");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "celeris-cluster-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static PrimaryWithReplica db;
    private static String url;
    private static String dbUser;
    private static final List<ServiceProcess> instances = new ArrayList<>();
    private static Nginx nginx;

    @BeforeAll
    static void start() throws Exception {
        db = PrimaryWithReplica.start("celeris", "recovery_min_apply_delay = '" + APPLY_DELAY.toMillis() + "ms'");
        url = db.primaryUrl();
        dbUser = db.primary().user();

        Map<String, String> env = Map.ofEntries(
                Map.entry("SERVER_PORT", "0"),
                Map.entry("SERVER_HOST", "127.0.0.1"),
                Map.entry("CELERIS_TRUSTED_PROXIES", "127.0.0.1/32"),
                Map.entry("DATABASE_URL", url),
                Map.entry("DATABASE_USER", dbUser),
                Map.entry("DATABASE_PASSWORD", ""),
                Map.entry("DATABASE_READ_URL", db.replicaUrl()),
                Map.entry("DATABASE_READ_USER", db.replica().user()),
                Map.entry("DATABASE_READ_PASSWORD", ""),
                Map.entry("DATABASE_READ_MAX_LAG", MAX_LAG.toString()),
                Map.entry("DATABASE_POOL_MAX_SIZE", "4"),
                Map.entry("REDIS_URL", RedisTestServer.uri()),
                Map.entry("REDIS_KEY_PREFIX", PREFIX),
                // Coherence is the point, not Redis latency: a loaded machine must not turn slow commands into misses.
                Map.entry("REDIS_COMMAND_TIMEOUT", "PT0.5S"),
                Map.entry("CELERIS_CURSOR_SECRET", "cluster-test-secret-0123456789abcdef"),
                Map.entry("CELERIS_ACCESS_LOG_ENABLED", "false"),
                Map.entry("CELERIS_DEMO_USERS", "0"),
                // Writes come through nginx, so they need a token (a forwarded request is never a loopback client's).
                Map.entry("CELERIS_AUTH_TOKENS", "cluster-test:write:" + AuthSettingsTest.sha256(WRITE_SECRET)));
        // All three at once, as a deployment would start them: Flyway's lock lets one migrate, the others wait.
        long t0 = System.nanoTime();
        for (String name : List.of("A", "B", "C")) {
            instances.add(ServiceProcess.start(name, env));
        }
        for (ServiceProcess instance : instances) {
            instance.awaitUp(Duration.ofSeconds(90));
            ServiceProbe.awaitReady(instance.baseUri()); // each on Redis: coherence from the first request
        }
        System.out.printf("[cluster] three instances up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (ServiceProcess instance : instances) {
            awaitReplicaInReads(instance);
        }
        seed();
        nginx = Nginx.start(instances.stream().map(ServiceProcess::port).toList());
    }

    /** Users with many ties on every sort key and NULL last logins, straight into the table (and its kept count). */
    private static void seed() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, dbUser, "")) {
            c.createStatement().execute("""
                    INSERT INTO users (id, email, name, created_at, updated_at, version, last_login_at, email_domain)
                    SELECT gen_random_uuid(), 'seed' || i || '@d' || (i % 5) || '.example',
                           (ARRAY['Ada','Grace','Alan','Edsger','Barbara'])[1 + i % 5] || ' '
                               || (ARRAY['Lovelace','Hopper','Turing'])[1 + (i / 5) % 3],
                           timestamptz '2026-01-01 00:00:00Z' + (i / 3) * interval '1 second',
                           timestamptz '2026-01-01 00:00:00Z' + (i / 3) * interval '1 second', 1,
                           CASE WHEN i % 10 < 3 THEN NULL
                                ELSE timestamptz '2026-06-01 00:00:00Z' + (i % 97) * interval '1 minute' END,
                           'd' || (i % 5) || '.example'
                    FROM generate_series(1, """ + SEEDED + ") AS i");
            c.createStatement().execute("UPDATE user_count SET n = n + " + SEEDED + " WHERE stripe = 0");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (nginx != null) {
                nginx.close();
            }
        } finally {
            instances.forEach(ServiceProcess::close);
            RedisTestServer.deleteKeysStartingWith(PREFIX);
            if (db != null) {
                db.close();
            }
        }
    }

    /** Each instance's pool to the replica fills when it answers: wait (bounded) until the instance reads from it. */
    private static void awaitReplicaInReads(ServiceProcess instance) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode check;
        while (!(check = ServiceProbe.readinessCheck(instance.baseUri(), "database-replica")).path("data")
                .path("state").asText().equals("in-rotation")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(instance.name() + ": replica not in reads within 60 s: " + check);
            }
            pause(100);
        }
    }

    /** Reads the replica answered, summed over the given instances. */
    private static long replicaReads(List<ServiceProcess> on) throws Exception {
        return sum(on, "celeris_db_replica_reads");
    }

    /** Reads meant for the replica that the primary answered, summed over the given instances. */
    private static long fallbacks(List<ServiceProcess> on) throws Exception {
        return sum(on, "celeris_db_replica_fallbacks");
    }

    private static long sum(List<ServiceProcess> on, String metric) throws Exception {
        long sum = 0;
        for (ServiceProcess instance : on) {
            sum += ServiceProbe.metric(instance.baseUri(), metric);
        }
        return sum;
    }

    @Test
    @Order(1)
    void aWriteThroughOneInstanceShowsOnTheOtherTwoWithinTheBound() throws Exception {
        ServiceProcess a = instances.get(0);
        List<ServiceProcess> others = instances.subList(1, 3);
        var users = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            var created = send(a.baseUri(), "POST", "/users",
                    "{\"email\":\"stale" + i + "@window.example\",\"name\":\"Window " + i + "\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            users.add(created.headers().firstValue("Location").orElseThrow());
        }
        var versions = new HashMap<String, Integer>();
        users.forEach(u -> versions.put(u, 1));
        long replicaReadsBefore = replicaReads(others);
        List<Long> windowsMicros = new ArrayList<>();
        int staleAnswers = 0;
        for (int round = 0; round < 60; round++) {
            String user = users.get(round % users.size());
            // B and C hold the current version in their own process (the second read is a cache hit), so what is
            // measured is the invalidation reaching them, not a read of the database.
            for (ServiceProcess other : others) {
                send(other.baseUri(), "GET", user, null);
                var cached = send(other.baseUri(), "GET", user, null);
                assertThat(cached.headers().firstValue("Cache-Status")).as(other.name() + " caches " + user)
                        .contains("celeris-l1; hit");
            }
            int version = versions.get(user);
            String name = "Window r" + round;
            String email = "stale" + (round % users.size()) + "@window.example";
            var put = send(a.baseUri(), "PUT", user, "{\"email\":\"" + email + "\",\"name\":\"" + name + "\"}",
                    "If-Match", "\"" + version + "\"");
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            long written = System.nanoTime();
            versions.put(user, version + 1);
            // Poll B and C in turn until each shows the write; each gets the time of its first fresh answer.
            var pending = new ArrayList<>(others);
            while (!pending.isEmpty()) {
                for (var it = pending.iterator(); it.hasNext(); ) {
                    ServiceProcess other = it.next();
                    var res = send(other.baseUri(), "GET", user, null);
                    long micros = (System.nanoTime() - written) / 1_000;
                    assertThat(res.statusCode()).isEqualTo(200);
                    if (JSON.readTree(res.body()).path("name").asText().equals(name)) {
                        windowsMicros.add(micros);
                        it.remove();
                    } else {
                        staleAnswers++;
                        assertThat(micros / 1_000).as(other.name() + " still serves the old " + user + " after")
                                .isLessThan(STALE_BOUND_MS);
                    }
                }
            }
        }
        Collections.sort(windowsMicros);
        int n = windowsMicros.size();
        System.out.printf("[cluster] stale-read window after a write through A, read on B and C (%d samples, %d stale"
                        + " answers): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", n, staleAnswers,
                windowsMicros.get(n / 2) / 1e3, windowsMicros.get((int) Math.ceil(n * 0.99) - 1) / 1e3,
                windowsMicros.getLast() / 1e3);
        assertThat(n).isEqualTo(120);
        assertThat(windowsMicros.getLast() / 1_000).isLessThan(STALE_BOUND_MS);
        // Every read above came from B's or C's cache or, on a miss, from the primary: the window is the invalidation
        // alone. A miss filled from the replica would add its lag (and keep the old version cached until the TTL).
        assertThat(replicaReads(others)).as("reads by id B and C served from the replica")
                .isEqualTo(replicaReadsBefore);
    }

    /**
     * One crawl: ids in the order seen and the name each was seen with, System.nanoTime() at its start and end, and
     * the token its pages carried (the newest a writer had got at its start).
     */
    private record Crawl(String label, String sort, List<String> seen, Map<String, String> names, long start,
                         long end, CommitPosition token) {
    }

    /** What the writers did, for the checks afterwards. Times are System.nanoTime() when sent or answered. */
    private static final class Writes {
        final Map<String, Long> createdAcked = new ConcurrentHashMap<>(); // id -> answered 201
        final Map<String, String> createdEmails = new ConcurrentHashMap<>(); // id -> email
        final Map<String, String> createdNames = new ConcurrentHashMap<>(); // id -> name it was created with
        final Set<String> emailsPosted = ConcurrentHashMap.newKeySet();
        final Map<String, Long> deleteSent = new ConcurrentHashMap<>(); // id -> sent
        final Map<String, Long> renameSent = new ConcurrentHashMap<>(); // id -> sent
        final Map<String, Long> renameAcked = new ConcurrentHashMap<>(); // id -> answered 200
        final Map<String, String> renamedTo = new ConcurrentHashMap<>(); // id -> name, when answered 200
        final Map<String, Long> deleteAcked = new ConcurrentHashMap<>(); // id -> answered 204
        final List<String> postsInDoubt = new CopyOnWriteArrayList<>(); // emails of POSTs without 201/409
        final List<String> putsRetried = new CopyOnWriteArrayList<>(); // id:name of PUTs answered 412
        final List<String> deletesRetried = new CopyOnWriteArrayList<>(); // ids of DELETEs answered 404
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final AtomicInteger badGateway = new AtomicInteger();
        /** The newest Celeris-Consistency token a write was answered with, kept before the write counts as answered. */
        final AtomicReference<CommitPosition> newest;

        Writes(CommitPosition start) {
            newest = new AtomicReference<>(start);
        }
    }

    @Test
    @Order(2)
    void theCrawlerSeesEveryLivingRowOnceWhileWritersWriteAndOneInstanceIsKilled() throws Exception {
        String proxy = nginx.baseUri();
        // Every user there before the writers start (the seeded ones and the first test's) with its name, and the
        // primary's WAL position after them (the crawler's token until a writer gets a newer one). Some seeded ones
        // are deleted during the crawls, the rest are never touched.
        Map<String, String> before = new HashMap<>();
        List<String> seeded = new ArrayList<>();
        CommitPosition written;
        try (Connection c = DriverManager.getConnection(url, dbUser, "");
             var s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT id, name, email LIKE 'seed%' FROM users ORDER BY random()")) {
                while (rs.next()) {
                    before.put(rs.getString(1), rs.getString(2));
                    if (rs.getBoolean(3)) {
                        seeded.add(rs.getString(1));
                    }
                }
            }
            try (var rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                written = CommitPosition.parse(rs.getString(1));
            }
        }
        assertThat(seeded).hasSize(SEEDED);
        var doomed = new ConcurrentLinkedQueue<>(seeded.subList(0, DOOMED));
        List<String> untouched = seeded.subList(DOOMED, SEEDED);

        var writes = new Writes(written);
        var stop = new AtomicBoolean();
        var readErrors = new CopyOnWriteArrayList<String>();
        var reads = new AtomicInteger();
        var threads = new ArrayList<Thread>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            threads.add(Thread.ofVirtual().start(() -> write(proxy, writer, doomed, writes, stop)));
        }
        for (int r = 0; r < 3; r++) {
            threads.add(Thread.ofVirtual().start(() -> {
                while (!stop.get()) {
                    String path = ThreadLocalRandom.current().nextBoolean() ? "/users?limit=20"
                            : "/users/" + untouched.get(ThreadLocalRandom.current().nextInt(untouched.size()));
                    try {
                        var res = send(proxy, "GET", path, null);
                        reads.incrementAndGet();
                        if (res.statusCode() != 200) {
                            readErrors.add("GET " + path + " -> " + res.statusCode() + " " + res.body());
                        }
                    } catch (Exception e) {
                        readErrors.add("GET " + path + " -> " + e);
                    }
                    pause(5);
                }
            }));
        }

        ServiceProcess victim = instances.get(2);
        List<ServiceProcess> survivors = instances.subList(0, 2);
        long replicaReadsBefore = replicaReads(survivors);
        long fallbacksBefore = fallbacks(survivors);
        var crawlErrors = new ArrayList<String>();
        // Judged after the writers have stopped: a POST still in flight when a crawl ends may already be committed
        // (and seen) without its 201 having reached the writer; once every writer has returned it is acknowledged
        // or in doubt.
        var crawls = new ArrayList<Crawl>();
        int pages = 0;
        boolean killed = false;
        try {
            pause(300); // writers under way before the first page
            for (String sort : SORTS) {
                // Forward: first page, then next_cursor to the end, every page with the newest token at the start.
                long start = System.nanoTime();
                CommitPosition token = writes.newest.get();
                var seen = new ArrayList<String>();
                var names = new HashMap<String, String>();
                JsonNode page = getPage(proxy, sort, null, token, crawlErrors);
                collect(page, seen, names);
                String lastCursor = null;
                while (!page.path("page_info").path("next_cursor").isNull()) {
                    if (++pages >= 130 && !killed) {
                        killed = true;
                        // Mid-crawl, with readers and writers in flight on every instance.
                        System.out.printf("[cluster] SIGKILL %s (port %d) during the %s crawl%n", victim.name(),
                                victim.port(), sort);
                        victim.kill();
                    }
                    lastCursor = page.path("page_info").path("next_cursor").asText();
                    page = getPage(proxy, sort, lastCursor, token, crawlErrors);
                    collect(page, seen, names);
                }
                crawls.add(new Crawl(sort + " forward", sort, seen, names, start, System.nanoTime(), token));
                // Backward, with the newest token now: the last page asked again (and on to the end if rows came
                // after it meanwhile), so every row acknowledged before this start is behind it; then prev_cursor
                // to the first.
                start = System.nanoTime();
                token = writes.newest.get();
                page = getPage(proxy, sort, lastCursor, token, crawlErrors);
                pages++;
                while (!page.path("page_info").path("next_cursor").isNull()) {
                    lastCursor = page.path("page_info").path("next_cursor").asText();
                    page = getPage(proxy, sort, lastCursor, token, crawlErrors);
                    pages++;
                }
                seen = new ArrayList<>();
                names = new HashMap<>();
                collect(page, seen, names);
                while (!page.path("page_info").path("prev_cursor").isNull()) {
                    page = getPage(proxy, sort, page.path("page_info").path("prev_cursor").asText(), token,
                            crawlErrors);
                    collect(page, seen, names);
                    pages++;
                }
                crawls.add(new Crawl(sort + " backward", sort, seen, names, start, System.nanoTime(), token));
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        var report = new StringBuilder();
        for (Crawl crawl : crawls) {
            report.append(check(crawl, before, writes));
        }
        System.out.print(report);
        System.out.printf("[cluster] %d crawl pages, %d reads, %d creates, %d renames, %d deletes through nginx%n",
                pages, reads.get(), writes.createdAcked.size(), writes.renamedTo.size(), writes.deleteAcked.size());
        // Only crawl pages are meant for the replica here (reads by id and first pages without a token fill caches
        // from the primary); A and B lived through the run, so their counters hold their share of the crawl.
        long fromReplica = replicaReads(survivors) - replicaReadsBefore;
        long fromPrimary = fallbacks(survivors) - fallbacksBefore;
        System.out.printf("[cluster] crawl pages A and B answered: %d from the replica, %d from the primary (the"
                + " replica not yet past the token)%n", fromReplica, fromPrimary);

        assertThat(victim.isAlive()).as("the victim was killed mid-crawl").isFalse();
        assertThat(crawlErrors).as("crawler pages that were not 200").isEmpty();
        assertThat(readErrors).as("reads through nginx that were not 200").isEmpty();
        assertThat(report.toString()).as("rows that lived through a crawl, seen exactly once").doesNotContain("FAIL");
        assertThat(fromReplica).as("crawl pages A and B read from the replica").isGreaterThan(MIN_REPLICA_PAGES);
        // nginx had to absorb the death: requests it sent to the dead instance and then to a live one, all answered.
        String dead = "127.0.0.1:" + victim.port();
        List<String> resent = nginx.accessLog().stream()
                .filter(l -> l.contains("upstream=" + dead + ", ") || l.contains(", " + dead + ", ")).toList();
        System.out.printf("[cluster] requests nginx resent after trying the killed instance: %d (%s)%n", resent.size(),
                resent.stream().map(l -> l.replaceAll(".*\" (\\d{3}) .*", "$1")).collect(Collectors.groupingBy(s -> s,
                        Collectors.counting())));
        assertThat(resent).as("nginx tried the killed instance and moved on").isNotEmpty();
        assertThat(resent).as("resent GETs were answered").filteredOn(l -> l.contains("\"GET "))
                .allSatisfy(l -> assertThat(l).contains("\" 200 "));
        writeOutcomesAreAccountedFor(proxy, writes);
        assertThat(writes.createdAcked).as("writers created users during the crawls").hasSizeGreaterThan(20);
        assertThat(writes.deleteAcked).as("writers deleted seeded users during the crawls").hasSizeGreaterThan(20);
    }

    /**
     * One writer through nginx: create a user, rename it, delete a seeded one, until stopped. Answers that are not
     * the plain success are recorded for {@link #writeOutcomesAreAccountedFor}.
     */
    private static void write(String proxy, int writer, ConcurrentLinkedQueue<String> doomed, Writes writes,
                              AtomicBoolean stop) {
        for (int i = 0; !stop.get(); i++) {
            String email = "w" + writer + "-" + i + "@writers.example";
            try {
                writes.emailsPosted.add(email);
                var created = send(proxy, "POST", "/users", "{\"email\":\"" + email + "\",\"name\":\"Writer " + i + "\"}");
                String id = null;
                if (created.statusCode() == 201) {
                    id = JSON.readTree(created.body()).path("id").asText();
                    acknowledged(writes, "POST " + email, created);
                    writes.createdNames.put(id, "Writer " + i);
                    writes.createdAcked.put(id, System.nanoTime());
                    writes.createdEmails.put(id, email);
                } else {
                    record(writes, "POST " + email, created);
                    writes.postsInDoubt.add(email);
                }
                if (id != null) {
                    String name = "Renamed " + writer + "-" + i;
                    writes.renameSent.put(id, System.nanoTime());
                    var renamed = send(proxy, "PUT", "/users/" + id, "{\"email\":\"" + email + "\",\"name\":\"" + name + "\"}",
                            "If-Match", "\"1\"");
                    if (renamed.statusCode() == 200) {
                        acknowledged(writes, "PUT " + id, renamed);
                        writes.renamedTo.put(id, name);
                        writes.renameAcked.put(id, System.nanoTime());
                    } else if (renamed.statusCode() == 412) {
                        writes.putsRetried.add(id + ":" + name);
                    } else {
                        record(writes, "PUT " + id, renamed);
                    }
                }
                String victim = doomed.poll();
                if (victim != null) {
                    writes.deleteSent.put(victim, System.nanoTime());
                    var deleted = send(proxy, "DELETE", "/users/" + victim, null, "If-Match", "\"1\"");
                    if (deleted.statusCode() == 204) {
                        acknowledged(writes, "DELETE " + victim, deleted);
                        writes.deleteAcked.put(victim, System.nanoTime());
                    } else if (deleted.statusCode() == 404) {
                        writes.deletesRetried.add(victim);
                    } else {
                        record(writes, "DELETE " + victim, deleted);
                    }
                }
            } catch (Exception e) {
                writes.unexpected.add("writer " + writer + ": " + e);
                writes.postsInDoubt.add(email);
            }
            pause(25);
        }
    }

    /** Keeps the write's token if it is the newest; a write answered without one is unexpected (there is a replica). */
    private static void acknowledged(Writes writes, String what, HttpResponse<String> res) {
        var token = res.headers().firstValue("Celeris-Consistency");
        if (token.isEmpty()) {
            writes.unexpected.add(what + " -> " + res.statusCode() + " without a Celeris-Consistency token");
            return;
        }
        CommitPosition position = CommitPosition.parse(token.get());
        writes.newest.accumulateAndGet(position, (a, b) -> a.reached(b) ? a : b);
    }

    private static void record(Writes writes, String what, HttpResponse<String> res) {
        if (res.statusCode() == 502) {
            writes.badGateway.incrementAndGet();
            // nginx's own answer, in the service's words (deploy/nginx/celeris.conf).
            if (res.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                return;
            }
        }
        writes.unexpected.add(what + " -> " + res.statusCode() + " " + res.body());
    }

    /**
     * No acknowledged write is lost, and each write that was in flight on the killed instance ended in a state the
     * client can find out: nginx does not resend a POST whose request reached the instance (the client gets 502, and
     * sending it again answers 201 if it had not committed, 409 duplicate-email if it had), while PUT and DELETE
     * count as idempotent for nginx and are resent to a live instance, where a conditional one answers 412 (the
     * rename had committed: the stored version is the one it made) or 404 (the delete had committed).
     */
    private static void writeOutcomesAreAccountedFor(String proxy, Writes writes) throws Exception {
        System.out.printf("[cluster] writes not answered plainly: %d POSTs in doubt (502 from nginx: %d), %d PUTs"
                        + " answered 412, %d DELETEs answered 404, unexpected %s%n", writes.postsInDoubt.size(),
                writes.badGateway.get(), writes.putsRetried.size(), writes.deletesRetried.size(), writes.unexpected);
        assertThat(writes.unexpected).as("write answers other than success, 502 problem+json, 412 or 404").isEmpty();
        try (Connection c = DriverManager.getConnection(url, dbUser, "")) {
            Map<String, String> names = new HashMap<>();
            try (var rs = c.createStatement().executeQuery("SELECT id, name FROM users")) {
                while (rs.next()) {
                    names.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(names.keySet()).as("every acknowledged create is stored").containsAll(writes.createdAcked.keySet());
            assertThat(writes.deleteAcked.keySet()).as("every acknowledged delete is gone")
                    .noneMatch(names::containsKey);
            writes.renamedTo.forEach((id, name) -> assertThat(names.get(id)).as("acknowledged rename of " + id).isEqualTo(name));
            for (String put : writes.putsRetried) {
                String[] idName = put.split(":", 2);
                assertThat(names.get(idName[0])).as("a PUT answered 412 had committed before nginx resent it")
                        .isEqualTo(idName[1]);
            }
            assertThat(writes.deletesRetried).as("a DELETE answered 404 had committed before nginx resent it")
                    .noneMatch(names::containsKey);
        }
        Map<Integer, Integer> resent = new HashMap<>();
        for (String email : writes.postsInDoubt) {
            var again = send(proxy, "POST", "/users", "{\"email\":\"" + email + "\",\"name\":\"Again\"}");
            assertThat(again.statusCode()).as("a POST in doubt, sent again: " + again.body()).isIn(201, 409);
            resent.merge(again.statusCode(), 1, Integer::sum);
            try (Connection c = DriverManager.getConnection(url, dbUser, "");
                 var ps = c.prepareStatement("SELECT COUNT(*) FROM users WHERE email = ?")) {
                ps.setString(1, email);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("exactly one " + email).isEqualTo(1);
                }
            }
        }
        System.out.printf("[cluster] POSTs in doubt sent again: %d answered 201 (the first had not committed), %d 409"
                + " duplicate-email (it had)%n", resent.getOrDefault(201, 0), resent.getOrDefault(409, 0));
    }

    /**
     * One crawl's verdict. Its pages carried a token at least as new as every write acknowledged before its start,
     * so each page shows every such write, whether the replica or the primary answered it. Hence: every row that lived
     * through the crawl (there before it started, not deleted before it ended and, for a sort on name, with a name
     * that stayed put) is seen exactly once; no row whose sort key stayed put is seen twice; no row whose delete was
     * acknowledged before the start is seen; a row whose name stayed put is seen with that name (the renamed one if
     * the rename was acknowledged before the start); nothing is seen that nobody wrote.
     */
    private static String check(Crawl crawl, Map<String, String> before, Writes writes) {
        long start = crawl.start();
        long end = crawl.end();
        // The name a row has in every page of the crawl, or null when a rename may land during it (sent before the
        // end, not acknowledged before the start) or nobody knows the row.
        Function<String, String> fixedName = id -> {
            Long sent = writes.renameSent.get(id);
            if (sent == null || sent > end) {
                return before.containsKey(id) ? before.get(id) : writes.createdNames.get(id);
            }
            Long acked = writes.renameAcked.get(id);
            return acked != null && acked < start ? writes.renamedTo.get(id) : null;
        };
        Predicate<String> keyMoves = id -> crawl.sort().contains("name") && fixedName.apply(id) == null;
        Set<String> lived = new HashSet<>(before.keySet());
        writes.createdAcked.forEach((id, acked) -> {
            if (acked < start) {
                lived.add(id);
            }
        });
        lived.removeIf(id -> writes.deleteSent.getOrDefault(id, Long.MAX_VALUE) <= end || keyMoves.test(id));
        Map<String, Long> counts = crawl.seen().stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        List<String> missing = lived.stream().filter(id -> !counts.containsKey(id)).toList();
        List<String> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1 && !keyMoves.test(e.getKey()))
                .map(Map.Entry::getKey).toList();
        List<String> stale = new ArrayList<>();
        writes.deleteAcked.forEach((id, acked) -> {
            if (acked < start && counts.containsKey(id)) {
                stale.add(id + " (deleted)");
            }
        });
        crawl.names().forEach((id, name) -> {
            String fixed = fixedName.apply(id);
            if (fixed != null && !fixed.equals(name)) {
                stale.add(id + " (" + name + ", not " + fixed + ")");
            }
        });
        Set<String> known = new HashSet<>(before.keySet());
        known.addAll(writes.createdAcked.keySet());
        long unknown = counts.keySet().stream().filter(id -> !known.contains(id)).count();
        long inDoubt = writes.postsInDoubt.size();
        boolean ok = missing.isEmpty() && twice.isEmpty() && stale.isEmpty() && unknown <= inDoubt;
        return ("[cluster] %s %s (token %s): %d rows seen, %d lived through it, missing %s, seen twice %s, older than"
                + " the token %s, unknown %d%n").formatted(ok ? "ok  " : "FAIL", crawl.label(), crawl.token(),
                crawl.seen().size(), lived.size(), missing, twice, stale, unknown);
    }

    private static JsonNode getPage(String base, String sort, String cursor, CommitPosition token, List<String> errors)
            throws Exception {
        String path = "/users?limit=" + PAGE + "&sort=" + sort
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        var res = send(base, "GET", path, null, "Celeris-Consistency", token.toString());
        if (res.statusCode() != 200) {
            errors.add("GET " + path + " -> " + res.statusCode() + " " + res.body());
            throw new AssertionError("crawl page failed: " + errors.getLast());
        }
        return JSON.readTree(res.body());
    }

    private static void collect(JsonNode page, List<String> seen, Map<String, String> names) {
        page.path("items").forEach(u -> {
            seen.add(u.path("id").asText());
            names.put(u.path("id").asText(), u.path("name").asText());
        });
    }

    /** Sends the request, with the write token on a write. */
    private static HttpResponse<String> send(String base, String method, String path, String body, String... headers)
            throws Exception {
        return JsonRequests.sendWithWriteToken(HTTP, base, method, path, body, WRITE_SECRET, headers);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
