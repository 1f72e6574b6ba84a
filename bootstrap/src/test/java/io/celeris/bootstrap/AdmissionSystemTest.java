package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 2,000 concurrent reads of users by id against a pool of 4 with the cache off: every answer is a
 * 200 or a fast 503 with Retry-After, none is a 500, none waits much longer than the admission timeout.
 */
class AdmissionSystemTest {

    @Test
    void aFloodGetsAnswersOrFast503sNeverHangsOr500s() throws Exception {
        var pg = PostgresTestDatabase.get();
        var props = new Properties();
        props.setProperty("user", pg.user());
        props.setProperty("password", pg.password());
        long admissionTimeoutMs = 1000;
        try (Celeris app = Celeris.start(Settings.load(Map.of(), Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("database.url", pg.url()),
                Map.entry("database.user", pg.user()),
                Map.entry("database.password", pg.password()),
                Map.entry("database.pool.minimum-idle", "4"),
                Map.entry("database.pool.maximum-pool-size", "4"),
                Map.entry("database.admission.queue", "64"),
                Map.entry("database.admission.timeout", "PT1S"),
                Map.entry("celeris.cache.enabled", "false"),
                Map.entry("celeris.paging.max-offset", "100000"),
                Map.entry("celeris.access-log.format", "json"))))) {
            // The service's own view of each request's duration: the access log, read in this JVM.
            List<Double> serverMs = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Double> rejectedMs = java.util.Collections.synchronizedList(new ArrayList<>());
            var access = java.util.logging.Logger.getLogger("io.celeris.access");
            var pattern = java.util.regex.Pattern.compile("\"duration_ms\":([0-9.]+)");
            var collector = new java.util.logging.Handler() {
                @Override
                public void publish(java.util.logging.LogRecord r) {
                    var m = pattern.matcher(r.getMessage());
                    if (m.find()) {
                        double ms = Double.parseDouble(m.group(1));
                        serverMs.add(ms);
                        if (r.getMessage().contains("\"status\":503")) {
                            rejectedMs.add(ms);
                        }
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            access.addHandler(collector);
            try (var c = DriverManager.getConnection(pg.url(), props); var s = c.createStatement()) {
                s.execute("INSERT INTO users (id, email, name, created_at, updated_at, version, email_domain) "
                        + "SELECT gen_random_uuid(), 'adm' || g || '@adm.example', 'Adm ' || (g % 97), now(), now(), 1, "
                        + "'adm.example' FROM generate_series(1, 20000) g ON CONFLICT DO NOTHING");
            }
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<String> ids = new ArrayList<>();
            try (var c = DriverManager.getConnection(pg.url(), props); var s = c.createStatement();
                 var rs = s.executeQuery("SELECT id FROM users WHERE email_domain = 'adm.example' LIMIT 500")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<Long> slow = new ArrayList<>();
            var start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 2000; i++) {
                    URI uri = URI.create("http://127.0.0.1:" + app.port() + "/users/" + ids.get(i % ids.size()));
                    futures.add(pool.submit(() -> {
                        start.await();
                        long t0 = System.nanoTime();
                        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).build(),
                                HttpResponse.BodyHandlers.ofString());
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        statuses.computeIfAbsent(res.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        if (res.statusCode() == 503) {
                            assertThat(res.headers().firstValue("Retry-After")).contains("1");
                            assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
                        }
                        synchronized (slow) {
                            slow.add(ms);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : futures) {
                    f.get();
                }
            }
            // A line is logged once its response is sent, which the client may see first: wait for the last ones.
            long linesDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (serverMs.size() < 2000 && System.nanoTime() - linesDeadline < 0) {
                Thread.sleep(10);
            }
            access.removeHandler(collector);
            java.util.Collections.sort(slow);
            List<Double> server = new ArrayList<>(serverMs);
            java.util.Collections.sort(server);
            System.out.println("[admission] statuses: " + statuses + "; client ms p50/p99/max " + slow.get(slow.size() / 2)
                    + "/" + slow.get(slow.size() * 99 / 100) + "/" + slow.getLast() + "; server ms p50/p99/max "
                    + server.get(server.size() / 2) + "/" + server.get(server.size() * 99 / 100) + "/" + server.getLast());
            assertThat(statuses.keySet()).as("only 200 and 503").isSubsetOf(200, 503);
            assertThat(statuses.get(200)).as("some requests were served").isNotNull();
            assertThat(server).as("one access line per request").hasSize(2000);
            List<Double> rejected = new ArrayList<>(rejectedMs);
            java.util.Collections.sort(rejected);
            System.out.println("[admission] 503 server ms p50/p99/max " + rejected.get(rejected.size() / 2) + "/"
                    + rejected.get(rejected.size() * 99 / 100) + "/" + rejected.getLast());
            assertThat(rejected.getLast()).as("longest wait before a 503, inside the service, ms")
                    .isLessThan(admissionTimeoutMs + 1000.0);
            assertThat(server.getLast()).as("longest time any request spent in the service, ms (no hang)")
                    .isLessThan(admissionTimeoutMs + 5000.0);
        }
    }
}
