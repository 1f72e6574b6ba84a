package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.celeris.adapter.persistence.PostgresTestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * No virtual thread is pinned to its carrier on the request path: a load of reads by id, list pages and
 * writes runs on the wired server (PostgreSQL, a small pool so requests wait for connections) while JFR
 * records {@code jdk.VirtualThreadPinned} with no threshold; no event may have a frame of Celeris, HikariCP,
 * the PostgreSQL driver or Helidon DB Client. A canary proves the recording does see pinning.
 */
class VirtualThreadPinningTest {

    private static final List<String> WATCHED = List.of("io.celeris.", "com.zaxxer.", "org.postgresql.",
            "io.helidon.dbclient.");
    private static final String PINNED = "jdk.VirtualThreadPinned";

    @Test
    void theRecordingSeesAVirtualThreadPinnedByOurCode() throws Exception {
        List<RecordedEvent> events = recordPinning(() -> {
            // Blocking inside a class initializer pins a virtual thread on every JDK.
            Thread.ofVirtual().start(PinsWhileInitializing::touch).join();
            return null;
        });
        assertThat(fromWatchedCode(events)).as("the canary's pinning, seen with its frames").isNotEmpty();
    }

    @Test
    void aLoadOfReadsAndWritesPinsNoVirtualThreadInCeleris() throws Exception {
        var pg = PostgresTestDatabase.get();
        try (Celeris app = Celeris.start(Settings.load(Map.of(), Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("database.url", pg.url()),
                Map.entry("database.user", pg.user()),
                Map.entry("database.password", pg.password()),
                Map.entry("database.pool.minimum-idle", "4"),
                Map.entry("database.pool.maximum-pool-size", "4"),
                Map.entry("database.admission.timeout", "PT2S"),
                Map.entry("celeris.access-log.enabled", "false"))))) {
            String base = "http://127.0.0.1:" + app.port();
            var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<String> ids = seedUsers(pg, 200);
            var sequence = new AtomicLong();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            Callable<Void> read = () -> {
                long n = sequence.incrementAndGet();
                String path = n % 5 == 0 ? "/users?limit=10&sort=-name"
                        : n % 7 == 0 ? "/users?page=" + (1 + n % 4) + "&size=10"
                        : "/users/" + ids.get((int) (n % ids.size()));
                count(statuses, send(http, base, "GET", path, null, null).statusCode());
                return null;
            };
            Callable<Void> write = () -> {
                long n = sequence.incrementAndGet();
                var created = send(http, base, "POST", "/users",
                        "{\"email\":\"pin" + n + "-" + System.nanoTime() + "@pin.example\",\"name\":\"Pin " + n + "\"}", null);
                count(statuses, created.statusCode());
                String location = created.headers().firstValue("Location").orElseThrow();
                count(statuses, send(http, base, "PUT", location,
                        "{\"email\":\"pin" + n + "-" + System.nanoTime() + "@pin.example\",\"name\":\"Pinned " + n + "\"}",
                        "\"1\"").statusCode());
                count(statuses, send(http, base, "DELETE", location, null, null).statusCode());
                return null;
            };
            // Warm up one by one: classes initialize here, not under the recording (a virtual thread waiting
            // for another to finish a class initializer is pinned, once per class per JVM).
            for (int i = 0; i < 20; i++) {
                read.call();
            }
            write.call();
            statuses.clear();

            List<RecordedEvent> events = recordPinning(() -> {
                List<Callable<Void>> tasks = new ArrayList<>();
                for (int i = 0; i < 260; i++) {
                    tasks.add(read);
                }
                for (int i = 0; i < 15; i++) {
                    tasks.add(write);
                }
                java.util.Collections.shuffle(tasks, new java.util.Random(42));
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    var limit = new java.util.concurrent.Semaphore(16);
                    List<Future<Void>> futures = new ArrayList<>();
                    for (Callable<Void> task : tasks) {
                        futures.add(pool.submit(() -> {
                            limit.acquire();
                            try {
                                return task.call();
                            } finally {
                                limit.release();
                            }
                        }));
                    }
                    for (Future<Void> f : futures) {
                        f.get();
                    }
                }
                return null;
            });

            List<RecordedEvent> ours = fromWatchedCode(events);
            Map<String, Long> byTopFrame = events.stream().collect(Collectors.groupingBy(
                    VirtualThreadPinningTest::topFrame, TreeMap::new, Collectors.counting()));
            System.out.println("[pinning] " + events.size() + " jdk.VirtualThreadPinned events during the load ("
                    + ours.size() + " with watched frames); by top frame: " + byTopFrame + "; statuses: " + statuses);
            ours.stream().limit(3).forEach(System.out::println);
            long answered = statuses.values().stream().mapToLong(AtomicLong::get).sum();
            assertThat(answered).as("every request of the load was answered").isEqualTo(260 + 15 * 3);
            assertThat(statuses.keySet()).as("statuses of the load").isSubsetOf(200, 201, 204, 503);
            assertThat(ours).as("pinned virtual threads in Celeris, HikariCP, pgjdbc or DB Client").isEmpty();
        }
    }

    /** Runs the work while JFR records every pinning of a virtual thread, with stacks; returns the events. */
    static List<RecordedEvent> recordPinning(Callable<?> work) throws Exception {
        Path file = Files.createTempFile("celeris-pinning-", ".jfr");
        try (var recording = new Recording()) {
            recording.enable(PINNED).withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            try {
                work.call();
            } finally {
                recording.stop();
            }
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(PINNED))
                    .toList();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Events with a frame of a watched package (this test's own load-driving frames do not count). */
    static List<RecordedEvent> fromWatchedCode(List<RecordedEvent> events) {
        return events.stream()
                .filter(e -> e.getStackTrace() != null && e.getStackTrace().getFrames().stream()
                        .map(VirtualThreadPinningTest::className)
                        .anyMatch(c -> WATCHED.stream().anyMatch(c::startsWith) && !isThisTestsLoadDriver(c)))
                .toList();
    }

    private static boolean isThisTestsLoadDriver(String className) {
        String self = VirtualThreadPinningTest.class.getName();
        return className.equals(self) || className.startsWith(self + "$$");
    }

    private static String className(RecordedFrame frame) {
        return frame.getMethod() == null ? "" : frame.getMethod().getType().getName();
    }

    private static String topFrame(RecordedEvent e) {
        if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
            return "?";
        }
        // The first frame outside the JDK's own parking machinery says who blocked.
        return e.getStackTrace().getFrames().stream()
                .filter(f -> !className(f).startsWith("java.") && !className(f).startsWith("jdk."))
                .findFirst()
                .or(() -> e.getStackTrace().getFrames().stream().findFirst())
                .map(f -> className(f) + "." + f.getMethod().getName())
                .orElse("?");
    }

    private static void count(Map<Integer, AtomicLong> statuses, int status) {
        statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
    }

    private static HttpResponse<String> send(HttpClient http, String base, String method, String path, String json,
                                             String ifMatch) throws Exception {
        var b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> seedUsers(PostgresTestDatabase pg, int n) throws Exception {
        List<String> ids = new ArrayList<>();
        try (var c = DriverManager.getConnection(pg.url(), pg.user(), pg.password()); var s = c.createStatement()) {
            s.execute("INSERT INTO users (id, email, name, created_at, updated_at, version, email_domain) "
                    + "SELECT gen_random_uuid(), 'pinread' || g || '@pinread.example', 'Pin Read ' || g, now(), now(), 1,"
                    + " 'pinread.example' FROM generate_series(1, " + n + ") g ON CONFLICT DO NOTHING");
            try (var rs = s.executeQuery("SELECT id FROM users WHERE email_domain = 'pinread.example' LIMIT " + n)) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** The canary: its initializer blocks, which pins the virtual thread that runs it. */
    static final class PinsWhileInitializing {
        static {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        static void touch() {
        }
    }
}
