package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.adapter.persistence.ReplicaStats;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Reads from a real streaming replica ({@code pg_basebackup -R} of a PostgreSQL the test owns), writes to the primary,
 * and read-your-writes with the {@code Celeris-Consistency} token. Replay on the replica is paused
 * ({@code pg_wal_replay_pause()}) to make its lag deterministic: a read without the token is then served old data by
 * the replica, one with the token never is; past the lag bound the replica is taken out of reads and back in after
 * replay resumes; a replica that is down costs no client an error. The cache is on (in process), so the tests also
 * show that a cached value never answers a read with a token, and that the cache never learns old values from the
 * replica.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadReplicaSystemTest {

    /** Long enough that a loaded machine does not take the paused replica out between a write and the reads after it. */
    private static final Duration MAX_LAG = Duration.ofSeconds(4);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static PrimaryWithReplica servers;
    private static OwnPostgres primary;
    private static OwnPostgres replica;
    private static Celeris app;
    private static String base;
    /** A name prefix of this run's users: listings filtered by it see only them. */
    private static final String PREFIX = "Rr" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        servers = PrimaryWithReplica.start("celeris", "");
        primary = servers.primary();
        replica = servers.replica();
        app = Celeris.start(Settings.load(Map.of(), Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("database.url", servers.primaryUrl()),
                Map.entry("database.user", primary.user()),
                Map.entry("database.password", ""),
                Map.entry("database.read.url", servers.replicaUrl()),
                Map.entry("database.read.max-lag", MAX_LAG.toString()),
                Map.entry("database.pool.maximum-pool-size", "3"),
                Map.entry("celeris.cache.enabled", "true"),
                Map.entry("celeris.access-log.enabled", "false"))));
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (servers != null) {
                servers.close();
            }
        }
    }

    /** A failed test leaves no paused replay behind for the next one. */
    @AfterEach
    void resumeReplay() {
        try {
            replica.query("celeris", "SELECT pg_wal_replay_resume()");
        } catch (RuntimeException e) {
            // The replica is stopped (a failed down test): the next test's wait says so.
        }
    }

    @Test
    @Order(1)
    void aReadWithTheTokenNeverSeesOlderDataOneWithoutItMay() throws Exception {
        awaitReplica(ReplicaStats::inRotation, "in rotation");
        var first = post("first");
        var second = post("second");
        var third = post("third");
        // All three on the replica, and the replica in rotation: reads without a token go there.
        awaitReplica(s -> s.inRotation() && position(s.replayed()) >= position(third.token), "past the creates");
        String secondListed = "/users?name_prefix=" + PREFIX + "&page=2&size=1&count=none";
        String thirdListed = "/users?name_prefix=" + PREFIX + "&page=3&size=1&count=none";
        assertThat(name(get(secondListed, null).body().get("items").get(0))).isEqualTo(PREFIX + " second");

        replica.query("celeris", "SELECT pg_wal_replay_pause()");
        var put = request("PUT", "/users/" + second.id, "{\"email\":\"" + second.email + "\",\"name\":\"" + PREFIX
                + " renamed\"}", null, "\"1\"");
        assertThat(put.status).isEqualTo(200);
        assertThat(put.token).matches("[0-9A-F]{1,8}/[0-9A-F]{1,8}");
        assertThat(position(put.token)).isGreaterThan(position(third.token));
        var delete = request("DELETE", "/users/" + third.id, null, null, null);
        assertThat(delete.status).isEqualTo(204);
        assertThat(position(delete.token)).isGreaterThan(position(put.token));
        String token = delete.token;
        long readsBefore = stats().reads();

        // Without the token: the replica answers with what it has replayed (the old name, the deleted user). Still in
        // rotation: the bound is far enough away.
        var stale = get(secondListed, null);
        var deleted = get(thirdListed, null);
        assertThat(stats().inRotation()).as("replica still in rotation after the stale reads").isTrue();
        assertThat(stats().reads()).as("the replica answered").isGreaterThanOrEqualTo(readsBefore + 2);
        assertThat(name(stale.body().get("items").get(0))).as("a read without the token may lag")
                .isEqualTo(PREFIX + " second");
        assertThat(deleted.body().get("items")).as("a read without the token may lag").hasSize(1);

        // With the token: never older than the writes, listed, by id (the cache is not asked) and as a first page.
        assertThat(name(get(secondListed, token).body().get("items").get(0))).isEqualTo(PREFIX + " renamed");
        assertThat(get(thirdListed, token).body().get("items")).isEmpty();
        var byId = get("/users/" + second.id, put.token);
        assertThat(name(byId.body())).isEqualTo(PREFIX + " renamed");
        assertThat(byId.body().get("version").asLong()).isEqualTo(2);
        assertThat(byId.cacheStatus).isEqualTo("celeris; fwd=bypass");
        assertThat(get("/users/" + third.id, token).status).isEqualTo(404);
        var firstPage = get("/users?name_prefix=" + PREFIX + "&limit=5", token);
        assertThat(firstPage.body().get("items")).extracting(ReadReplicaSystemTest::name)
                .containsExactly(PREFIX + " first", PREFIX + " renamed");

        // Without the token, what the cache holds was filled from the primary: never older than the writes it saw.
        assertThat(name(get("/users/" + second.id, null).body())).isEqualTo(PREFIX + " renamed");
        assertThat(get("/users/" + second.id, null).cacheStatus).contains("hit");
        assertThat(get("/users?name_prefix=" + PREFIX + "&limit=5", null).body().get("items"))
                .extracting(ReadReplicaSystemTest::name).containsExactly(PREFIX + " first", PREFIX + " renamed");
        // The first user's token is older than what the replica has replayed: the replica may answer it.
        long before = stats().reads();
        assertThat(name(get(secondListed, first.token).body().get("items").get(0))).isEqualTo(PREFIX + " second");
        assertThat(stats().reads()).isGreaterThan(before);

        replica.query("celeris", "SELECT pg_wal_replay_resume()");
        awaitReplica(s -> s.inRotation() && position(s.replayed()) >= position(token), "caught up");
        assertThat(name(get(secondListed, null).body().get("items").get(0))).isEqualTo(PREFIX + " renamed");
        assertThat(get(thirdListed, null).body().get("items")).isEmpty();
    }

    @Test
    @Order(2)
    void aTokenThatIsNotOneOrFromTheFutureIsA400() throws Exception {
        var user = post("tokens");
        long latest = position(user.token);
        String future = hex(latest + (1L << 32));
        for (String bad : List.of("garbage", "", "1/2/3", "G/0", "123456789/0", "-1/0", "0x1/0", future,
                "FFFFFFFF/FFFFFFFF")) {
            for (String path : List.of("/users/" + user.id, "/users?limit=2")) {
                var res = get(path, bad);
                assertThat(res.status).as(path + " with " + bad).isEqualTo(400);
                assertThat(res.contentType).startsWith("application/problem+json");
                assertThat(res.body().get("type").asText()).isEqualTo("urn:celeris:problem:invalid-header");
            }
        }
        // The same token, or any position before it, is fine; case does not matter.
        awaitReplica(s -> position(s.replayed()) >= latest, "past the create");
        assertThat(get("/users/" + user.id, user.token.toLowerCase()).status).isEqualTo(200);
        assertThat(get("/users/" + user.id, "0/0").status).isEqualTo(200);
    }

    @Test
    @Order(3)
    void aReplicaPastTheLagBoundIsTakenOutOfReadsAndBackInWhenItCatchesUp() throws Exception {
        awaitReplica(ReplicaStats::inRotation, "in rotation");
        long removals = metric("celeris_db_replica_removals");
        replica.query("celeris", "SELECT pg_wal_replay_pause()");
        var user = post("lagging");
        // The primary's WAL moved on, the replica's replay did not: after MAX_LAG it is out.
        long paused = System.nanoTime();
        awaitReplica(s -> s.state().equals("lagging"), "lagging");
        assertThat(Duration.ofNanos(System.nanoTime() - paused)).isGreaterThanOrEqualTo(MAX_LAG.minusMillis(500));
        assertThat(readinessOf("database-replica").get("data").get("state").asText()).isEqualTo("lagging");
        assertThat(metric("celeris_db_replica_removals")).isGreaterThanOrEqualTo(removals + 1);
        assertThat(metric("celeris_db_replica_in_rotation")).isZero();
        // Reads without a token now go to the primary: they see the new user although the replica does not have it.
        long reads = stats().reads();
        long fallbacks = stats().fallbacks();
        var page = get("/users?name_prefix=" + PREFIX + "&page=2&size=1&count=exact", null);
        assertThat(page.body().get("total").asLong()).isEqualTo(count(PREFIX));
        assertThat(stats().reads()).isEqualTo(reads);
        assertThat(stats().fallbacks()).isGreaterThan(fallbacks);
        assertThat(get("/users/" + user.id, null).status).isEqualTo(200);

        replica.query("celeris", "SELECT pg_wal_replay_resume()");
        awaitReplica(ReplicaStats::inRotation, "back in rotation");
        assertThat(readinessOf("database-replica").get("data").get("state").asText()).isEqualTo("in-rotation");
        assertThat(metric("celeris_db_replica_in_rotation")).isEqualTo(1);
        long readsAgain = stats().reads();
        get("/users?name_prefix=" + PREFIX + "&page=2&size=1", null);
        assertThat(stats().reads()).as("the replica answers again").isGreaterThan(readsAgain);
    }

    @Test
    @Order(4)
    void aReplicaThatIsDownCostsNoClientAnErrorAndReadinessSaysSo() throws Exception {
        awaitReplica(ReplicaStats::inRotation, "in rotation");
        var user = post("down");
        awaitReplica(s -> position(s.replayed()) >= position(user.token), "past the create");
        replica.stopImmediately();
        // At once, before the monitor noticed: reads with and without a token, by id and listed, are answered.
        var statuses = new ArrayList<Integer>();
        for (int i = 0; i < 20; i++) {
            statuses.add(get("/users?name_prefix=" + PREFIX + "&page=2&size=1", null).status);
            statuses.add(get("/users?name_prefix=" + PREFIX + "&limit=2&sort=-name", i % 2 == 0 ? user.token : null)
                    .status);
            statuses.add(get("/users/" + user.id, user.token).status);
        }
        assertThat(statuses).containsOnly(200);
        awaitReplica(s -> s.state().equals("down"), "down");
        var ready = ServiceProbe.readiness(base);
        assertThat(ready.statusCode()).as("ready without the replica: reads go to the primary").isEqualTo(200);
        JsonNode check = ServiceProbe.check(JSON.readTree(ready.body()), "database-replica");
        assertThat(check.get("data").get("state").asText()).isEqualTo("down");
        assertThat(ServiceProbe.check(JSON.readTree(ready.body()), "database").get("status").asText())
                .isEqualTo("UP");
        var page = get("/users?name_prefix=" + PREFIX + "&page=1&size=100&count=exact", null);
        assertThat(page.status).isEqualTo(200);
        assertThat(page.body().get("total").asLong()).isEqualTo(count(PREFIX));
        // Writes never needed it.
        assertThat(post("while down").status).isEqualTo(201);

        replica.start();
        awaitReplica(ReplicaStats::inRotation, "back after its restart");
        // Back in use: the first reads may still meet a pooled connection the restart broke (they fall back to the
        // primary, answered 200); within a few reads the replica serves again.
        long reads = stats().reads();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        do {
            assertThat(get("/users?name_prefix=" + PREFIX + "&page=2&size=1", null).status).isEqualTo(200);
        } while (stats().reads() == reads && System.nanoTime() < deadline && pause());
        assertThat(stats().reads()).as("reads served by the replica after its restart").isGreaterThan(reads);
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    // --- helpers

    record Answer(int status, String contentType, String cacheStatus, String token, String raw, String id,
                  String email) {
        JsonNode body() throws Exception {
            return JSON.readTree(raw);
        }
    }

    private static Answer post(String suffix) throws Exception {
        String email = "rr-" + UUID.randomUUID() + "@replica.example";
        var answer = request("POST", "/users", "{\"email\":\"" + email + "\",\"name\":\"" + PREFIX + " " + suffix + "\"}",
                null, null);
        assertThat(answer.status).as(answer.raw).isEqualTo(201);
        assertThat(answer.token).as("a write answers with a consistency token").isNotNull();
        return new Answer(answer.status, answer.contentType, answer.cacheStatus, answer.token, answer.raw,
                answer.body().get("id").asText(), email);
    }

    private static Answer get(String path, String token) throws Exception {
        return request("GET", path, null, token, null);
    }

    private static Answer request(String method, String path, String body, String token, String ifMatch)
            throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Celeris-Consistency", token);
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        var res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(method + " " + path + ": " + res.body()).isLessThan(500);
        return new Answer(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""),
                res.headers().firstValue("Cache-Status").orElse(null),
                res.headers().firstValue("Celeris-Consistency").orElse(null), res.body(), null, null);
    }

    private static String name(JsonNode user) {
        return user.get("name").asText();
    }

    private static ReplicaStats stats() {
        return app.persistence().replicaStats().orElseThrow();
    }

    private static void awaitReplica(Predicate<ReplicaStats> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(stats())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("replica not " + what + " within " + WAIT + ": " + stats());
            }
            Thread.sleep(20);
        }
    }

    private static long position(String text) {
        if (text == null || text.isEmpty()) {
            return -1;
        }
        int slash = text.indexOf('/');
        return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
    }

    private static String hex(long position) {
        return Long.toHexString(position >>> 32).toUpperCase() + "/" + Long.toHexString(position & 0xFFFFFFFFL)
                .toUpperCase();
    }

    private static long count(String prefix) {
        return Long.parseLong(primary.query("celeris", "SELECT count(*) FROM users WHERE name LIKE '" + prefix + "%'"));
    }

    @Test
    @Order(5)
    void callsPastTheDeadlineAreExportedForTheReplicaBesideThePrimary() throws Exception {
        String scrape = ServiceProbe.scrape(base);
        for (String database : List.of("primary", "replica")) {
            Matcher m = Pattern.compile("(?m)^celeris_db_calls_past_deadline\\{[^}]*database=\"" + database
                    + "\"[^}]*\\} (\\S+)$").matcher(scrape);
            assertThat(m.find()).as("the %s's series in the scrape", database).isTrue();
            assertThat(Double.parseDouble(m.group(1))).as("no %s call outlived its deadline here", database).isZero();
        }
        assertThat(stats().callsPastDeadline()).isZero();
    }

    private static JsonNode readinessOf(String name) throws Exception {
        return ServiceProbe.readinessCheck(base, name);
    }

    private static long metric(String name) throws Exception {
        return ServiceProbe.metric(base, name);
    }
}
