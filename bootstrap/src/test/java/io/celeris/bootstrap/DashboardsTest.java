package io.celeris.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.celeris.bootstrap.logging.AsyncHandler;
import io.celeris.bootstrap.logging.AsyncSettings;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.ConsoleHandler;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/grafana/celeris.json and deploy/prometheus/alerts.yml: well-formed, accepted by promtool, and every metric
 * they name is exported by a running instance (a renamed meter would leave a panel empty and an alert silent).
 */
class DashboardsTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    /** Our metric names as they appear in PromQL: Celeris's own meters and the per-route timers. */
    private static final Pattern METRIC = Pattern.compile("\\b(celeris_[a-z0-9_]+|http_server_requests_seconds[a-z_]*)\\b");

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
        Set<String> named = new TreeSet<>();
        List<String> dashboardExprs = dashboardExpressions();
        List<String> alertExprs = alertExpressions();
        assertThat(dashboardExprs).hasSizeGreaterThanOrEqualTo(10);
        assertThat(alertExprs).hasSizeGreaterThanOrEqualTo(5);
        for (String expr : concat(dashboardExprs, alertExprs)) {
            Matcher m = METRIC.matcher(expr);
            while (m.find()) {
                named.add(m.group(1));
            }
        }
        // What the issue asks the dashboard and the alerts to cover.
        assertThat(named).contains("http_server_requests_seconds_count", "http_server_requests_seconds_bucket",
                "celeris_cache_l1_hits", "celeris_cache_l2_hits", "celeris_cache_degraded", "celeris_db_pool_active",
                "celeris_db_pool_timeouts", "celeris_db_admission_rejected", "celeris_log_dropped");

        Set<String> exported = exportedMetrics();
        assertThat(exported).as("the scrape").contains("celeris_db_pool_active");
        assertThat(named).as("named in deploy/ but not exported by a running instance").isSubsetOf(exported);
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        File rules = DEPLOY.resolve("prometheus/alerts.yml").toFile();
        Process p;
        try {
            p = new ProcessBuilder("promtool", "check", "rules", rules.getPath()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("promtool is not installed: apt-get install prometheus (.ci/run installs it)", e);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: 7 rules found");
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/celeris.json").toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("celeris");
        List<String> exprs = new ArrayList<>();
        for (JsonNode expr : dashboard.findValues("expr")) {
            exprs.add(expr.asText());
        }
        return exprs;
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertExpressions() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(DEPLOY.resolve("prometheus/alerts.yml")));
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                assertThat(rule).containsKeys("alert", "expr", "annotations");
                exprs.add((String) rule.get("expr"));
            }
        }
        return exprs;
    }

    /** The metric names of a scrape of a running instance, after a request (timers exist once used). */
    private static Set<String> exportedMetrics() throws Exception {
        // The log meters follow the asynchronous handlers that are open, as logging.properties opens one in production.
        var logHandler = new AsyncHandler(AsyncSettings.DEFAULTS, new ConsoleHandler());
        try (Celeris app = Celeris.start(Settings.load(Map.of(), Map.of(
                "server.port", "0",
                "database.url", "jdbc:h2:mem:dashboards-test;DB_CLOSE_DELAY=-1",
                "celeris.demo.users", "3",
                "celeris.access-log.enabled", "false")))) {
            var http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + app.port();
            http.send(HttpRequest.newBuilder(URI.create(base + "/users?limit=1")).build(), HttpResponse.BodyHandlers.ofString());
            Set<String> names = new TreeSet<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!names.contains("http_server_requests_seconds_bucket") && System.nanoTime() < deadline) {
                names.clear();
                String scrape = http.send(HttpRequest.newBuilder(URI.create(base + "/observe/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : scrape.split("\n")) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                        names.add(line.substring(0, end));
                    }
                }
            }
            return names;
        } finally {
            logHandler.close();
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        var all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
