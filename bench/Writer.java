import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes alongside a read benchmark at a bounded rate: creates a user, then deletes it, one write per tick,
 * so the table keeps its size (and both jars of a comparison read the same data). One thread, one write
 * at a time: when the service is slower than the rate, late ticks are skipped rather than bunched, so the
 * rate is an upper bound.
 *
 * <pre>
 * java bench/Writer.java BASE_URL WRITES_PER_SECOND [SECONDS]
 * </pre>
 *
 * Runs for SECONDS (or until killed). On exit prints {@code writes N errors E seconds S} to stdout.
 */
public final class Writer {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java bench/Writer.java BASE_URL WRITES_PER_SECOND [SECONDS]");
            System.exit(2);
        }
        String base = args[0];
        double rate = Double.parseDouble(args[1]);
        long seconds = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE / 1_000_000_000L;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong writes = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        String tag = ProcessHandle.current().pid() + "-" + Long.toString(System.currentTimeMillis(), 36);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.printf("writes %d errors %d seconds %.1f%n",
                writes.get(), errors.get(), (System.nanoTime() - started) / 1e9)));
        long period = Math.max(1, Math.round(1e9 / rate));
        long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
        String created = null;
        long n = 0;
        for (long next = started; next < deadline; next += period) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            } else if (-wait > period) {
                // Late by more than a tick: skip, so a slow service never gets a burst to catch up.
                next = System.nanoTime();
            }
            try {
                HttpResponse<String> response;
                if (created == null) {
                    String body = "{\"email\":\"bench-writer-" + tag + "-" + (n++) + "@example.com\",\"name\":\"Bench Writer\"}";
                    response = http.send(HttpRequest.newBuilder(URI.create(base + "/users"))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    Matcher m = ID.matcher(response.body());
                    if (response.statusCode() == 201 && m.find()) {
                        created = m.group(1);
                    }
                } else {
                    response = http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + created))
                            .timeout(Duration.ofSeconds(10))
                            .DELETE().build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 == 2 || response.statusCode() == 404) {
                        created = null;
                    }
                }
                if (response.statusCode() / 100 == 2) {
                    writes.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                }
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
        // A user created on the last tick is deleted, so the table ends as it started.
        if (created != null) {
            http.send(HttpRequest.newBuilder(URI.create(base + "/users/" + created)).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        System.exit(0);
    }
}
