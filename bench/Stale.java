import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cross-instance stale-read window: how long after a write through one instance the others still answer
 * the old version of the user. Each write is a {@code PUT /users/{id}} through the first instance, made after
 * every other instance has read that user twice (so it holds it in its in-process cache, {@code Cache-Status:
 * celeris-l1; hit}); then the others are polled in turn, directly, until each shows the new name. A sample is
 * the time from the PUT's answer to an instance's first fresh answer: the invalidation's trip through Redis.
 *
 * <pre>
 * java bench/Stale.java WRITES WRITER_URL READER_URL...
 *   e.g. java bench/Stale.java 300 http://127.0.0.1:8090 http://127.0.0.1:8091 http://127.0.0.1:8092
 * </pre>
 *
 * Prints a histogram and one summary line:
 * {@code stale: samples N stale_answers S p50_ms X p90_ms X p99_ms X max_ms X not_cached C}
 * ({@code not_cached}: reads before a write that were not L1 hits, which would measure a database read instead).
 */
public final class Stale {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    private static final long[] BUCKETS_US = {250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000,
        500_000, 1_000_000};

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java bench/Stale.java WRITES WRITER_URL READER_URL...");
            System.exit(2);
        }
        int writes = Integer.parseInt(args[0]);
        String writer = args[1];
        List<String> readers = Arrays.asList(args).subList(2, args.length);
        String run = UUID.randomUUID().toString().substring(0, 8);
        var users = new ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            var res = send(writer, "POST", "/users", "{\"email\":\"stale-" + run + "-" + i + "@bench.example\",\"name\":\"S\"}");
            if (res.statusCode() != 201) {
                throw new IllegalStateException("POST /users -> " + res.statusCode() + " " + res.body());
            }
            Matcher m = ID.matcher(res.body());
            m.find();
            users.add(m.group(1));
        }
        int[] versions = new int[users.size()];
        Arrays.fill(versions, 1);
        var samples = new ArrayList<Long>();
        long staleAnswers = 0;
        long notCached = 0;
        for (int w = 0; w < writes; w++) {
            int u = w % users.size();
            String path = "/users/" + users.get(u);
            for (String reader : readers) {
                send(reader, "GET", path, null);
                if (!send(reader, "GET", path, null).headers().firstValue("Cache-Status").orElse("").contains("l1; hit")) {
                    notCached++;
                }
            }
            String name = "S" + w;
            var put = send(writer, "PUT", path, "{\"email\":\"stale-" + run + "-" + u + "@bench.example\",\"name\":\""
                    + name + "\"}", "If-Match", "\"" + versions[u] + "\"");
            long written = System.nanoTime();
            if (put.statusCode() != 200) {
                throw new IllegalStateException("PUT " + path + " -> " + put.statusCode() + " " + put.body());
            }
            versions[u]++;
            var pending = new ArrayList<>(readers);
            while (!pending.isEmpty()) {
                for (var it = pending.iterator(); it.hasNext(); ) {
                    String reader = it.next();
                    var res = send(reader, "GET", path, null);
                    long micros = (System.nanoTime() - written) / 1_000;
                    Matcher m = NAME.matcher(res.body());
                    if (m.find() && m.group(1).equals(name)) {
                        samples.add(micros);
                        it.remove();
                    } else if (micros > 10_000_000) {
                        throw new IllegalStateException(reader + path + " still old after 10 s");
                    } else {
                        staleAnswers++;
                    }
                }
            }
        }
        Collections.sort(samples);
        int n = samples.size();
        long lower = 0;
        for (long upper : BUCKETS_US) {
            long lo = lower;
            long count = samples.stream().filter(s -> s >= lo && s < upper).count();
            System.out.printf(Locale.ROOT, "stale-hist: %s–%s ms\t%d%n", ms(lower), ms(upper), count);
            lower = upper;
        }
        long hi = lower;
        System.out.printf(Locale.ROOT, "stale-hist: >= %s ms\t%d%n", ms(hi), samples.stream().filter(s -> s >= hi).count());
        System.out.printf(Locale.ROOT, "stale: samples %d stale_answers %d p50_ms %.2f p90_ms %.2f p99_ms %.2f max_ms %.2f"
                        + " not_cached %d%n", n, staleAnswers, pct(samples, 0.50), pct(samples, 0.90), pct(samples, 0.99),
                samples.getLast() / 1e3, notCached);
    }

    private static String ms(long micros) {
        return micros % 1000 == 0 ? Long.toString(micros / 1000) : Double.toString(micros / 1e3);
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1)) / 1e3;
    }

    private static HttpResponse<String> send(String base, String method, String path, String body, String... headers)
            throws Exception {
        var req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
}
