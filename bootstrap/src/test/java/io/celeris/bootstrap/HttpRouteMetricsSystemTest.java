package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The per-route timers as an operator scrapes them from the running application, and the switch that turns them off. */
class HttpRouteMetricsSystemTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theScrapeHasTimersByRouteTemplateWithAHistogram() throws Exception {
        try (Celeris app = start("true")) {
            String base = "http://127.0.0.1:" + app.port();
            String id = firstUserId(base);
            get(base + "/users/" + id);
            get(base + "/users/" + UUID.randomUUID());
            get(base + "/nothing/" + UUID.randomUUID());
            String okSeries = "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",scope=\"application\","
                    + "status=\"200\",uri=\"/users/{id}\",}";
            awaitScrape(base, okSeries);
            // The scrapes themselves are timed too (seen from the next scrape on).
            String scrape = awaitScrape(base, "uri=\"/observe/metrics\"");
            assertThat(scrape)
                    .contains("# TYPE http_server_requests_seconds histogram")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",scope=\"application\","
                            + "status=\"404\",uri=\"/users/{id}\",}")
                    .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",scope=\"application\","
                            + "status=\"404\",uri=\"UNKNOWN\",}")
                    .contains("http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",scope=\"application\","
                            + "status=\"200\",uri=\"/users/{id}\",le=\"0.001\",}")
                    .contains(okSeries)
                    // Buckets only: no client-side quantiles, which cannot be aggregated across instances.
                    .doesNotContain("quantile=")
                    // Never the raw path: no id in any label.
                    .doesNotContain(id);
        }
    }

    @Test
    void offMeansNoTimingOfRequests() throws Exception {
        try (Celeris app = start("false")) {
            String base = "http://127.0.0.1:" + app.port();
            String id = firstUserId(base);
            String series = "http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",scope=\"application\","
                    + "status=\"200\",uri=\"/users/{id}\",}";
            // Other tests of this JVM may have registered the series in the global registry: it must not move.
            double before = value(get(base + "/observe/metrics"), series);
            for (int i = 0; i < 5; i++) {
                assertThat(get(base + "/users/" + id).statusCode()).isEqualTo(200);
            }
            assertThat(value(get(base + "/observe/metrics"), series)).isEqualTo(before);
        }
    }

    private static Celeris start(String routeMetrics) {
        return Celeris.start(Settings.load(Map.of(), Map.of(
                "server.port", "0",
                "database.url", "jdbc:h2:mem:route-metrics-" + routeMetrics + ";DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "3",
                "celeris.access-log.enabled", "false",
                "celeris.metrics.http-routes", routeMetrics)));
    }

    private String firstUserId(String base) throws Exception {
        String body = get(base + "/users?limit=1").body();
        Matcher m = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"").matcher(body);
        assertThat(m.find()).as(body).isTrue();
        return m.group(1);
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Timers are recorded once the response is sent, which can be just after the client has read it. */
    private String awaitScrape(String base, String series) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String scrape = get(base + "/observe/metrics").body();
        while (!scrape.contains(series) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            scrape = get(base + "/observe/metrics").body();
        }
        return scrape;
    }

    /** The sample's value, or 0 if the series is not there. */
    private static double value(HttpResponse<String> scrape, String series) {
        for (String line : scrape.body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return 0;
    }
}
