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
 * The database dies under a steady load and comes back: meanwhile the service answers fast 503s with
 * Retry-After (never a 500, never a hang) and says it is not ready; afterwards it serves again by itself,
 * with no restart. Runs on a PostgreSQL of its own ({@link OwnPostgres}), so the shared server is untouched.
 */
class DatabaseRestartSystemTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Longest answer allowed while the database is down: the pool's wait plus a second. */
    private static final Duration OUTAGE_BOUND = CONNECTION_TIMEOUT.plusSeconds(1);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(20);
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
    record Answer(long startNanos, long millis, int status, boolean retryAfter, boolean problemJson, String path) {
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
                    String path = random.nextInt(5) == 0 ? "/users?limit=5"
                            : "/users/" + ids.get(random.nextInt(ids.size()));
                    long t0 = System.nanoTime();
                    try {
                        var res = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
                        answers.add(new Answer(t0, (System.nanoTime() - t0) / 1_000_000, res.statusCode(),
                                res.headers().firstValue("Retry-After").isPresent(),
                                res.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                                path));
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
            HttpResponse<String> notReady = readiness(base);
            long notReadyMs = (System.nanoTime() - stopped) / 1_000_000;
            // Let the load meet the dead database for a while: several rounds of the pool's wait.
            awaitCount(answers, a -> a.startedAfter(stopped), 2 * LOAD_THREADS, OUTAGE_BOUND.multipliedBy(4),
                    "answers while the database is down");
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
            System.out.printf("[restart] stop took %d ms, start %d ms; readiness DOWN answered in %d ms; recovered"
                            + " %d ms after the restart; statuses overall %s; outage %s, slowest %d ms; after recovery %s%n",
                    (stopped - stopped0) / 1_000_000, (restarted - restarted0) / 1_000_000, notReadyMs,
                    (recovered - restarted) / 1_000_000, statuses(all), statuses(outage),
                    outage.stream().mapToLong(Answer::millis).max().orElse(-1), statuses(after));

            assertThat(transportErrors).as("every request got an HTTP answer").isEmpty();
            assertThat(all).as("no 5xx but 503, before, during or after the outage")
                    .allMatch(a -> a.status() < 500 || a.status() == 503);
            assertThat(all).as("only 200 and 503").allMatch(a -> a.status() == 200 || a.status() == 503);

            assertThat(notReady.statusCode()).as("readiness while the database is down: " + notReady.body())
                    .isEqualTo(503);
            assertThat(notReady.body()).contains("DOWN");
            assertThat(outage).as("answers wholly inside the outage").hasSizeGreaterThanOrEqualTo(LOAD_THREADS);
            assertThat(outage).as("while the database is down: 503 problem+json with Retry-After")
                    .allMatch(a -> a.status() == 503 && a.retryAfter() && a.problemJson());
            assertThat(outage).as("each outage answer within the pool's connection timeout + 1 s")
                    .allMatch(a -> a.millis() < OUTAGE_BOUND.toMillis());

            assertThat(ready.statusCode()).as("readiness within " + RECOVERY_BOUND + " of the restart: " + ready.body())
                    .isEqualTo(200);
            assertThat(ready.body()).contains("UP");
            assertThat(after).as("requests after recovery").hasSizeGreaterThanOrEqualTo(LOAD_THREADS);
            assertThat(after).as("after recovery, every request is served").allMatch(a -> a.status() == 200);
        } finally {
            running.set(false);
        }
    }

    private static HttpResponse<String> readiness(String base) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/observe/health/ready"))
                .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
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
