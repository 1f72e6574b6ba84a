package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.celeris.adapter.persistence.PgBouncer;
import io.celeris.adapter.persistence.PostgresTestDatabase;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service on PostgreSQL through PgBouncer (transaction mode, {@code prepareThreshold=0}); PgBouncer is killed
 * under a steady load of reads and writes and started again: meanwhile every answer is a 200/201 or a 503 with
 * Retry-After (never a 500, never a hang), and afterwards everything is served again without a restart.
 */
class PgBouncerRestartSystemTest {

    /** No answer, during the outage or not, may take longer: admission (1 s) + connection timeout (2 s) + slack. */
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(5);
    private static final int LOAD_THREADS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static PgBouncer bouncer;
    private static Celeris app;

    @BeforeAll
    static void start() {
        var pg = PostgresTestDatabase.get();
        bouncer = PgBouncer.inFrontOf(pg.url(), pg.user(), 4);
        app = Celeris.start(Settings.load(Map.of(), Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("database.url", bouncer.through(pg.url(), "prepareThreshold=0")),
                Map.entry("database.user", pg.user()),
                Map.entry("database.password", pg.password()),
                Map.entry("database.pool.minimum-idle", "2"),
                Map.entry("database.pool.maximum-pool-size", String.valueOf(LOAD_THREADS + 1)),
                Map.entry("database.pool.connection-timeout", "PT2S"),
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
            if (bouncer != null) {
                bouncer.close();
            }
        }
    }

    record Answer(long startNanos, long millis, int status, boolean retryAfter, boolean problemJson, String what) {
        boolean startedAfter(long nanos) {
            return startNanos - nanos >= 0;
        }
    }

    @Test
    void pgBouncerRestartedUnderLoadGives503WithRetryAfterAndNeverAHangOrA500() throws Exception {
        List<String> ids = seed(100);
        String base = "http://127.0.0.1:" + app.port();
        var answers = new ConcurrentLinkedQueue<Answer>();
        var transportErrors = new ConcurrentLinkedQueue<String>();
        var running = new AtomicBoolean(true);
        var load = new ArrayList<Thread>();
        for (int i = 0; i < LOAD_THREADS; i++) {
            load.add(Thread.ofVirtual().start(() -> {
                while (running.get()) {
                    var random = ThreadLocalRandom.current();
                    int kind = random.nextInt(10);
                    var req = HttpRequest.newBuilder().timeout(Duration.ofSeconds(20));
                    String what;
                    if (kind == 0) {
                        what = "POST /users";
                        req.uri(URI.create(base + "/users")).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"b-" + UUID.randomUUID()
                                        + "@bouncer.example\",\"name\":\"Bouncer\"}"));
                    } else if (kind < 3) {
                        what = "GET /users?limit=5";
                        req.uri(URI.create(base + "/users?limit=5"));
                    } else {
                        what = "GET /users/{id}";
                        req.uri(URI.create(base + "/users/" + ids.get(random.nextInt(ids.size()))));
                    }
                    long t0 = System.nanoTime();
                    try {
                        var res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
                        answers.add(new Answer(t0, (System.nanoTime() - t0) / 1_000_000, res.statusCode(),
                                res.headers().firstValue("Retry-After").isPresent(),
                                res.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                                what + (res.statusCode() >= 500 && res.statusCode() != 503 ? " " + res.body() : "")));
                    } catch (Exception e) {
                        transportErrors.add(what + ": " + e);
                    }
                }
            }));
        }
        try {
            awaitCount(answers, a -> a.status() == 200, 30, Duration.ofSeconds(20), "200s before the restart");
            long stopped = System.nanoTime();
            bouncer.stop();
            awaitCount(answers, a -> a.startedAfter(stopped) && a.status() == 503, 2 * LOAD_THREADS,
                    Duration.ofSeconds(20), "503s while PgBouncer is down");
            bouncer.start();
            long restarted = System.nanoTime();
            awaitCount(answers, a -> a.startedAfter(restarted) && a.status() == 200, 1, Duration.ofSeconds(20),
                    "a 200 after PgBouncer is back");
            long recovered = System.nanoTime();
            Thread.sleep(1_500);
            running.set(false);
            for (Thread t : load) {
                t.join(Duration.ofSeconds(30));
            }

            List<Answer> all = List.copyOf(answers);
            List<Answer> after = all.stream().filter(a -> a.startedAfter(recovered)).toList();
            System.out.printf("[pgbouncer-restart] statuses %s; slowest %d ms; back %d ms after the restart; after: %s%n",
                    statuses(all), all.stream().mapToLong(Answer::millis).max().orElse(-1),
                    (recovered - restarted) / 1_000_000, statuses(after));

            assertThat(transportErrors).as("every request got an HTTP answer").isEmpty();
            assertThat(all).as("only 200, 201 and 503: never a 500")
                    .allMatch(a -> a.status() == 200 || a.status() == 201 || a.status() == 503);
            assertThat(all.stream().filter(a -> a.status() == 503))
                    .as("every 503 is problem+json with Retry-After").allMatch(a -> a.retryAfter() && a.problemJson());
            assertThat(all).as("no answer slower than " + ANSWER_BOUND + ": never a hang")
                    .allMatch(a -> a.millis() < ANSWER_BOUND.toMillis());
            assertThat(after).as("after recovery").hasSizeGreaterThanOrEqualTo(LOAD_THREADS)
                    .allMatch(a -> a.status() == 200 || a.status() == 201);
        } finally {
            running.set(false);
        }
    }

    private static List<String> seed(int n) throws Exception {
        var pg = PostgresTestDatabase.get();
        String domain = "seed-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        var ids = new ArrayList<String>();
        try (var c = DriverManager.getConnection(pg.url(), pg.user(), pg.password()); var s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, name, created_at, updated_at, version, email_domain) "
                    + "SELECT gen_random_uuid(), 'b' || g || '@" + domain + "', 'Bouncer ' || g, now(), now(), 1, '"
                    + domain + "' FROM generate_series(1, " + n + ") g");
            try (var rs = s.executeQuery("SELECT id FROM users WHERE email_domain = '" + domain + "'")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static void awaitCount(ConcurrentLinkedQueue<Answer> answers, Predicate<Answer> wanted, int count,
                                   Duration within, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (answers.stream().filter(wanted).count() < count) {
            if (System.nanoTime() - deadline > 0) {
                fail("waited " + within + " for " + count + " " + what + "; answers so far: "
                        + statuses(List.copyOf(answers)) + "; PgBouncer log:\n" + bouncer.log());
            }
            Thread.sleep(50);
        }
    }

    private static Map<Integer, Long> statuses(List<Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting()));
    }
}
