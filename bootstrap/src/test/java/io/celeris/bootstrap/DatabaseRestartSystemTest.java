package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database dies under a steady load of reads and writes and comes back: once the first request has found it
 * gone, the service answers 503 with Retry-After within 100 ms (the breaker in front of the pool; before it, each
 * waited the admission timeout plus the connection timeout), never a 500, never a hang; readiness says DOWN within
 * a second; afterwards it serves again by itself, with no restart, and no acknowledged write is lost. Runs on a
 * PostgreSQL of its own ({@link OwnPostgres}), so the shared server is untouched.
 */
class DatabaseRestartSystemTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Longest answer allowed while the database is down: the pool's wait plus a second. */
    private static final Duration OUTAGE_BOUND = CONNECTION_TIMEOUT.plusSeconds(1);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);
    /** Once the outage is known: the goal is 100 ms; every single answer must stay under FAST_MAX even on a busy CI. */
    private static final long FAST_MEDIAN_MS = 100;
    private static final long FAST_MAX_MS = 1_000;
    private static final long READINESS_BOUND_MS = 1_000;
    private static final long RECOVERY_FIRST_OK_MS = 2_500;
    private static final int LOAD_THREADS = 3;

    private static OwnPostgres pg;
    private static Celeris app;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        pg = OwnPostgres.create();
        pg.start();
        pg.createDatabase("celeris");
        app = Celeris.start(Settings.load(Map.of(), Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("database.url", pg.jdbcUrl("celeris")),
                Map.entry("database.user", pg.user()),
                Map.entry("database.password", ""),
                // Room for every load thread and the readiness probe: when the database is up, nobody waits.
                Map.entry("database.pool.minimum-idle", "2"),
                Map.entry("database.pool.maximum-pool-size", String.valueOf(LOAD_THREADS + 1)),
                Map.entry("database.pool.connection-timeout", "PT" + CONNECTION_TIMEOUT.toSeconds() + "S"),
                Map.entry("database.pool.validation-timeout", "PT1S"),
                Map.entry("database.admission.timeout", "PT1S"),
                Map.entry("celeris.cache.enabled", "false"),
                Map.entry("celeris.access-log.enabled", "false"))));
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    /** One answer of the load: when it was asked, how long it took, what it was. */
    record Answer(long startNanos, long millis, int status, boolean retryAfter, boolean problemJson, String path,
                  String createdId) {
        boolean startedAfter(long nanos) {
            return startNanos - nanos >= 0;
        }
    }

    @Test
    void theDatabaseGoesAwayAndComesBackAndTheServiceFollowsWithoutARestart() throws Exception {
        List<String> ids = seedUsers(200);
        String base = "http://127.0.0.1:" + app.port();
        var answers = new ConcurrentLinkedQueue<Answer>();
        var transportErrors = new ConcurrentLinkedQueue<String>();
        var running = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int i = 0; i < LOAD_THREADS; i++) {
            load.add(Thread.ofVirtual().name("load-" + i).start(() -> {
                while (running.get()) {
                    var random = ThreadLocalRandom.current();
                    int kind = random.nextInt(10);
                    String path = kind == 0 ? "POST /users" : kind < 3 ? "/users?limit=5"
                            : "/users/" + ids.get(random.nextInt(ids.size()));
                    var request = HttpRequest.newBuilder().timeout(Duration.ofSeconds(15));
                    if (kind == 0) {
                        request.uri(URI.create(base + "/users")).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"w-" + java.util.UUID.randomUUID()
                                        + "@restart.example\",\"name\":\"Writer\"}"));
                    } else {
                        request.uri(URI.create(base + path));
                    }
                    long t0 = System.nanoTime();
                    try {
                        var res = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        answers.add(new Answer(t0, (System.nanoTime() - t0) / 1_000_000, res.statusCode(),
                                res.headers().firstValue("Retry-After").isPresent(),
                                res.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                                path, res.statusCode() == 201
                                        ? res.headers().firstValue("Location").orElseThrow().substring("/users/".length())
                                        : null));
                    } catch (Exception e) {
                        transportErrors.add(path + ": " + e);
                    }
                }
            }));
        }
        try {
            awaitCount(answers, a -> a.status() == 200, 30, Duration.ofSeconds(15), "200s under a steady load");

            long stopped0 = System.nanoTime();
            pg.stopImmediately();
            long stopped = System.nanoTime();
            long asked = System.nanoTime();
            HttpResponse<String> notReady = readiness(base);
            long notReadyMs = (System.nanoTime() - asked) / 1_000_000;
            // Let the load meet the dead database for a while: several rounds of the pool's wait.
            awaitCount(answers, a -> a.startedAfter(stopped), 2 * LOAD_THREADS, OUTAGE_BOUND.multipliedBy(4),
                    "answers while the database is down");
            // An outage of a few seconds at least: long enough for every old-style answer to wait its full timeouts.
            Thread.sleep(Math.max(0, 3_000 - (System.nanoTime() - stopped) / 1_000_000));
            long restarted0 = System.nanoTime();
            pg.start();
            long restarted = System.nanoTime();

            long deadline = restarted + RECOVERY_BOUND.toNanos();
            HttpResponse<String> ready = readiness(base);
            while (ready.statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                ready = readiness(base);
            }
            awaitAnswer(answers, a -> a.startedAfter(restarted) && a.status() == 200,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), "a 200 after the restart");
            long recovered = System.nanoTime();
            // Some more of the steady load, all of which must now be served.
            Thread.sleep(2_000);
            running.set(false);
            for (Thread t : load) {
                t.join(Duration.ofSeconds(20));
            }

            List<Answer> all = List.copyOf(answers);
            List<Answer> outage = all.stream()
                    .filter(a -> a.startedAfter(stopped) && !a.startedAfter(restarted0)
                            && a.startNanos() + a.millis() * 1_000_000 - restarted0 < 0)
                    .toList();
            List<Answer> after = all.stream().filter(a -> a.startedAfter(recovered)).toList();
            // The outage is known once the first answer of it (a 503) has been given; what starts later is refused at once.
            long known = outage.stream().filter(a -> a.status() == 503)
                    .mapToLong(a -> a.startNanos() + a.millis() * 1_000_000).min().orElse(restarted0);
            List<Answer> afterKnown = outage.stream().filter(a -> a.startedAfter(known)).toList();
            long[] fast = afterKnown.stream().mapToLong(Answer::millis).sorted().toArray();
            long fastMedian = fast.length == 0 ? -1 : fast[fast.length / 2];
            long firstOk = all.stream().filter(a -> a.startedAfter(restarted) && a.status() == 200)
                    .mapToLong(a -> a.startNanos() + a.millis() * 1_000_000).min().orElse(recovered);
            List<String> acknowledged = all.stream().map(Answer::createdId).filter(java.util.Objects::nonNull).toList();
            System.out.printf("[restart] stop took %d ms, start %d ms; readiness DOWN answered in %d ms; recovered"
                            + " %d ms after the restart (first 200 answered %d ms after); statuses overall %s; outage %s,"
                            + " slowest %d ms; once known: %d answers, median %d ms, slowest %d ms; after recovery %s;"
                            + " %d writes acknowledged%n",
                    (stopped - stopped0) / 1_000_000, (restarted - restarted0) / 1_000_000, notReadyMs,
                    (recovered - restarted) / 1_000_000, (firstOk - restarted) / 1_000_000, statuses(all),
                    statuses(outage), outage.stream().mapToLong(Answer::millis).max().orElse(-1), fast.length, fastMedian,
                    fast.length == 0 ? -1 : fast[fast.length - 1], statuses(after), acknowledged.size());

            assertThat(transportErrors).as("every request got an HTTP answer").isEmpty();
            assertThat(all).as("no 5xx but 503, before, during or after the outage")
                    .allMatch(a -> a.status() < 500 || a.status() == 503);
            assertThat(all).as("only 200, 201 and 503")
                    .allMatch(a -> a.status() == 200 || a.status() == 201 || a.status() == 503);

            assertThat(notReady.statusCode()).as("readiness while the database is down: " + notReady.body())
                    .isEqualTo(503);
            assertThat(notReady.body()).contains("DOWN");
            assertThat(notReadyMs).as("readiness says DOWN within a second").isLessThan(READINESS_BOUND_MS);
            assertThat(afterKnown).as("answers that started once the outage was known")
                    .hasSizeGreaterThanOrEqualTo(2 * LOAD_THREADS)
                    .allMatch(a -> a.status() == 503 && a.retryAfter());
            assertThat(fastMedian).as("median answer once the outage is known (goal " + FAST_MEDIAN_MS + " ms)")
                    .isLessThan(FAST_MEDIAN_MS);
            assertThat(fast[fast.length - 1]).as("slowest answer once the outage is known").isLessThan(FAST_MAX_MS);
            assertThat(outage).as("answers wholly inside the outage").hasSizeGreaterThanOrEqualTo(LOAD_THREADS);
            assertThat(outage).as("while the database is down: 503 problem+json with Retry-After")
                    .allMatch(a -> a.status() == 503 && a.retryAfter() && a.problemJson());
            assertThat(outage).as("each outage answer within the pool's connection timeout + 1 s")
                    .allMatch(a -> a.millis() < OUTAGE_BOUND.toMillis());

            assertThat(ready.statusCode()).as("readiness within " + RECOVERY_BOUND + " of the restart: " + ready.body())
                    .isEqualTo(200);
            assertThat(ready.body()).contains("UP");
            assertThat(after).as("requests after recovery").hasSizeGreaterThanOrEqualTo(LOAD_THREADS);
            assertThat(after).as("after recovery, every request is served")
                    .allMatch(a -> a.status() == 200 || a.status() == 201);
            assertThat((firstOk - restarted) / 1_000_000).as("first 200 after the database is back, ms (goal 100 ms;"
                    + " HikariCP's own back-off alone can reach 5 s)").isLessThan(RECOVERY_FIRST_OK_MS);
            assertThat(acknowledged).as("writes acknowledged across the outage").isNotEmpty();
            assertThat(countStored(acknowledged)).as("every acknowledged write is in the database")
                    .isEqualTo(acknowledged.size());
        } finally {
            running.set(false);
        }
    }

    private static HttpResponse<String> readiness(String base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int countStored(List<String> ids) throws Exception {
        try (var c = DriverManager.getConnection(pg.jdbcUrl("celeris"), pg.user(), "");
             var s = c.prepareStatement("SELECT count(*) FROM users WHERE id = ANY (?::uuid[])")) {
            s.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<String> seedUsers(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var c = DriverManager.getConnection(pg.jdbcUrl("celeris"), pg.user(), "");
             var s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, name, created_at, updated_at, version, email_domain) "
                    + "SELECT gen_random_uuid(), 'restart' || g || '@restart.example', 'Restart ' || g, now(), now(), 1,"
                    + " 'restart.example' FROM generate_series(1, " + n + ") g");
            try (var rs = s.executeQuery("SELECT id FROM users")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static void awaitAnswer(ConcurrentLinkedQueue<Answer> answers, Predicate<Answer> wanted, Duration within,
                                    String what) throws InterruptedException {
        awaitCount(answers, wanted, 1, within, what);
    }

    private static void awaitCount(ConcurrentLinkedQueue<Answer> answers, Predicate<Answer> wanted, int count,
                                   Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (answers.stream().filter(wanted).count() < count) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + within + " for " + count + " " + what + "; answers so far: " + statuses(List.copyOf(answers)));
            }
            Thread.sleep(50);
        }
    }

    private static Map<Integer, Long> statuses(List<Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
    }
}
