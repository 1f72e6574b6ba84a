package io.celeris.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a running instance says about itself over HTTP: its metrics and its readiness checks. */
final class ServiceProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProbe() {
    }

    /**
     * @param base the instance, {@code http://host:port}
     * @param name a metric as scraped ({@code celeris_db_replica_reads}); the first series of it counts
     * @return its value, truncated
     */
    static long metric(String base, String name) throws Exception {
        String scrape = scrape(base);
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)").matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in the metrics of " + base);
        }
        return (long) Double.parseDouble(m.group(2));
    }

    /**
     * @param base the instance
     * @return its metrics, as Prometheus text
     */
    static String scrape(String base) throws Exception {
        return get(base, "/observe/metrics").body();
    }

    /**
     * @param base the instance
     * @return its answer to {@code /observe/health/ready}
     */
    static HttpResponse<String> readiness(String base) throws Exception {
        return get(base, "/observe/health/ready");
    }

    /**
     * Waits until the instance is ready: with Redis, that is once it first reached Redis (or gave up after the
     * connect timeout); it answers requests before that, from L1 alone.
     *
     * @param base the instance
     */
    static void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> last;
        while ((last = readiness(base)).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(base + " not ready within 30 s: " + last.body());
            }
            Thread.sleep(10);
        }
    }

    /**
     * @param base the instance
     * @param name a readiness check ({@code database-replica})
     * @return that check of its readiness answer
     */
    static JsonNode readinessCheck(String base, String name) throws Exception {
        return check(JSON.readTree(readiness(base).body()), name);
    }

    /**
     * @param health a health answer
     * @param name   one of its checks
     * @return that check
     */
    static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + health);
    }

    private static HttpResponse<String> get(String base, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
