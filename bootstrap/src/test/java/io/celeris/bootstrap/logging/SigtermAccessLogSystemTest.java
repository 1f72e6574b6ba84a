package io.celeris.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole service in a JVM of its own ({@code io.celeris.bootstrap.Main}, embedded defaults), its access log
 * sent to a file by a system property, under load from 32 clients; then SIGTERM while requests are in flight.
 * Every request that got an answer must have its access-log line in the file once the process has exited.
 *
 * <p>Main is started from this module's classpath rather than from {@code target/bootstrap.jar}: tests run
 * before the jar is packaged, so the jar could be stale or missing; the main class, its dependencies and its
 * logging.properties are the same.
 */
class SigtermAccessLogSystemTest {

    private static final Pattern UP = Pattern.compile("Celeris is up in \\d+ ms: http://localhost:(\\d+)/users");

    @TempDir
    Path dir;

    @Test
    void everyAnsweredRequestHasItsAccessLogLineOnDiskAfterSigterm() throws Exception {
        Path accessLog = dir.resolve("access.log");
        var command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "io.celeris.bootstrap.Main");
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Through config this time (the -D of the handler's key is read by the same code, LoggingSettings).
        builder.environment().put("CELERIS_ACCESS_LOG_FILE", accessLog.toString());
        builder.environment().put("SERVER_PORT", "0");
        builder.environment().put("CELERIS_DEMO_USERS", "200");
        Process service = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        var port = new java.util.concurrent.CompletableFuture<Integer>();
        Thread.ofPlatform().daemon().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(service.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    output.add(line);
                    Matcher m = UP.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (Exception e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("the service ended before it was up"));
        });
        try {
            URI users = URI.create("http://localhost:" + port.get(60, TimeUnit.SECONDS) + "/users?limit=5");

            Set<String> answered = ConcurrentHashMap.newKeySet();
            var stop = new AtomicBoolean();
            var sent = new AtomicInteger();
            var afterSigterm = new AtomicInteger();
            var sigtermSent = new AtomicBoolean();
            List<String> wrongEcho = new CopyOnWriteArrayList<>();
            var clients = new ArrayList<Thread>();
            var warm = new CountDownLatch(500);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int c = 0; c < 32; c++) {
                int client = c;
                clients.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String id = "e2e-" + client + "-" + i;
                        sent.incrementAndGet();
                        try {
                            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(users).header("X-Request-Id", id)
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding());
                            if (!r.headers().firstValue("X-Request-Id").orElse("").equals(id)) {
                                wrongEcho.add(id);
                            }
                            answered.add(id);
                            if (sigtermSent.get()) {
                                afterSigterm.incrementAndGet();
                            }
                            warm.countDown();
                        } catch (Exception e) {
                            // Refused or cut by the shutdown: not answered, so no line is owed.
                            if (!sigtermSent.get()) {
                                try {
                                    Thread.sleep(5);
                                } catch (InterruptedException ie) {
                                    return;
                                }
                            }
                        }
                    }
                }));
            }
            assertThat(warm.await(30, TimeUnit.SECONDS)).as("500 answers before SIGTERM").isTrue();
            // With the access log in a file, both handlers have their meters (before, neither had any).
            String metrics = http.send(HttpRequest.newBuilder(users.resolve("/observe/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(meter(metrics, "celeris_log_written", "celeris-async-access-log")).as(metrics)
                    .isPositive();
            assertThat(meter(metrics, "celeris_log_enqueued", "celeris-async-log")).as(metrics).isPositive();
            assertThat(meter(metrics, "celeris_log_write_errors", "celeris-async-access-log")).as(metrics).isZero();

            sigtermSent.set(true);
            service.destroy(); // SIGTERM
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).as("the service exits after SIGTERM").isTrue();
            stop.set(true);
            for (Thread t : clients) {
                t.join();
            }

            System.out.printf("sent %d, answered %d (%d after SIGTERM), access-log lines %d%n", sent.get(),
                    answered.size(), afterSigterm.get(), Files.readAllLines(accessLog).size());
            assertThat(service.exitValue()).as(String.join("\n", output)).isZero();
            assertThat(wrongEcho).as("X-Request-Id echoed").isEmpty();
            String log = Files.readString(accessLog);
            List<String> missing = answered.stream().filter(id -> !log.contains(" id=" + id + "\n")).sorted().toList();
            assertThat(missing).as("answered requests without an access-log line (of %d answered, %d sent; "
                    + "%d answered after SIGTERM)", answered.size(), sent.get(), afterSigterm.get()).isEmpty();
            assertThat(log.lines().filter(l -> l.contains(" id=e2e-")).count())
                    .as("one line per answered request").isGreaterThanOrEqualTo(answered.size());
        } finally {
            service.destroyForcibly();
        }
    }

    /** The value of a Prometheus sample with the given name and {@code handler} tag; fails if there is none. */
    private static double meter(String metrics, String name, String handler) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*handler=\"" + Pattern.quote(handler) + "\"[^}]*} (\\S+)")
                .matcher(metrics);
        assertThat(m.find()).as("%s{handler=%s} in %n%s", name, handler, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
