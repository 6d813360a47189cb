package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import testapps.MetricsHost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus server scrapes a child JVM running the agent, with the scrape configuration and
 * alert rules of examples/prometheus; the Grafana dashboard of examples/grafana is checked against
 * what Prometheus then holds. One child and one server for all of it: both take seconds to start.
 */
class PrometheusIT {

    static final Path EXAMPLES = Paths.get(System.getProperty("stackwatch.examples", "../examples"));
    static final Path SCRAPE_CONFIG = EXAMPLES.resolve("prometheus/prometheus.yml");
    static final Path ALERTS = EXAMPLES.resolve("prometheus/stackwatch-alerts.yml");
    static final Path ALERT_TESTS = EXAMPLES.resolve("prometheus/stackwatch-alerts.test.yml");
    static final Path DASHBOARD = EXAMPLES.resolve("grafana/stackwatch-dashboard.json");
    static final Pattern METRIC = Pattern.compile("\\bstackwatch_[a-z_]+\\b");

    @Test
    void theExampleRulesAndConfigPassPromtoolAndTheAlertsFireOnTheArticlesScenarios() throws Exception {
        String promtool = PrometheusServer.tool("promtool");
        // check: syntax; test: each alert fires on its scenario (and not before) with the annotations given.
        for (List<String> cmd : List.of(List.of(promtool, "check", "rules", ALERTS.toString()),
                List.of(promtool, "check", "config", SCRAPE_CONFIG.toString()),
                List.of(promtool, "test", "rules", ALERT_TESTS.toString()))) {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(cmd + "\n" + out).isZero();
            assertThat(out).contains("SUCCESS");
        }
    }

    @Test
    void aRealPrometheusScrapesTheAgentAndTheDashboardAndRulesNameOnlyExportedMetrics() throws Exception {
        PrometheusServer.tool(PrometheusServer.BINARY);
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0").start("testapps.MetricsHost", "2000")) {
            String base = child.await(MetricsEndpointIT.SERVING, 60);
            child.await(MetricsEndpointIT.READY, 60);
            String target = base.substring("http://".length());
            // The example configuration as a user would run it, pointed at this child and scraping every second.
            String config = Files.readString(SCRAPE_CONFIG).replace("127.0.0.1:9404", target)
                    .replace("scrape_interval: 15s", "scrape_interval: 1s").replace("evaluation_interval: 15s", "evaluation_interval: 1s");
            assertThat(config).contains(target);

            try (PrometheusServer prometheus = PrometheusServer.start(config, List.of(ALERTS))) {
                prometheus.awaitResult("up{job=\"stackwatch\"} == 1", 60);

                // The hostile thread name crossed the exposition format and Prometheus's parser intact.
                JsonNode peaks = prometheus.awaitResult("stackwatch_thread_peak_depth", 30);
                JsonNode hostile = null;
                for (JsonNode series : peaks) {
                    if (MetricsHost.HOSTILE_NAME.equals(series.path("metric").path("thread").asText())) {
                        hostile = series;
                    }
                }
                assertThat(hostile).as("a series with the hostile thread name in " + peaks).isNotNull();
                assertThat(hostile.path("value").get(1).asDouble()).isGreaterThanOrEqualTo(2000 - 64); // to the last checkpoint of the rewritten cycle
                assertThat(prometheus.query("stackwatch_overflows_total{method=\"testapps.MetricsHost#runaway\"} == 1"))
                        .hasSize(1);
                assertThat(prometheus.query("stackwatch_go_stack_growths_total > 0")).hasSize(1);

                Set<String> exported = new TreeSet<>();
                for (JsonNode series : prometheus.query("{__name__=~\"stackwatch_.+\"}")) {
                    exported.add(series.path("metric").path("__name__").asText());
                }
                assertThat(exported).containsAll(MetricsEndpointIT.METRICS);

                // Every query of the dashboard names exported metrics only, and Prometheus accepts it.
                List<String> queries = dashboardQueries();
                assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
                for (String q : queries) {
                    List<String> named = metricsIn(q);
                    assertThat(named).as("metrics named by " + q).isNotEmpty();
                    assertThat(exported).as("metrics named by " + q).containsAll(named);
                    if (!q.startsWith("label_values(")) {
                        prometheus.query(grafanaVariablesReplaced(q));
                    }
                }

                // Every rule names exported metrics, and Prometheus evaluates each one without error.
                String rules = Files.readString(ALERTS);
                assertThat(exported).containsAll(metricsIn(rules));
                JsonNode loaded = awaitEvaluatedRules(prometheus);
                List<String> names = new ArrayList<>();
                for (JsonNode rule : loaded.get(0).path("rules")) {
                    names.add(rule.path("name").asText());
                    assertThat(rule.path("health").asText()).as(rule.toString()).isEqualTo("ok");
                }
                assertThat(names).contains("StackwatchStackWarning", "StackwatchStackOverflow", "StackwatchCallsIntercepted", "StackwatchSettingIgnored", "StackwatchStackInuseSustained",
                        "StackwatchThreadStartRateHigh");
            }
        }
    }

    private static JsonNode awaitEvaluatedRules(PrometheusServer prometheus) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode groups = prometheus.rules();
        while (System.nanoTime() < deadline) {
            groups = prometheus.rules();
            boolean allEvaluated = groups.size() > 0;
            for (JsonNode rule : groups.path(0).path("rules")) {
                allEvaluated &= !rule.path("health").asText().equals("unknown");
            }
            if (allEvaluated) {
                return groups;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("rules never evaluated: " + groups);
    }

    /** Every PromQL text of the dashboard: panel targets and templating queries. */
    static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode t : panel.path("targets")) {
                out.add(t.path("expr").asText());
            }
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                out.add(v.path("definition").asText());
            }
        }
        return out;
    }

    static List<String> metricsIn(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static String grafanaVariablesReplaced(String query) {
        return query.replace("\"$job\"", "\".+\"").replace("\"$instance\"", "\".+\"").replace("$__range", "5m");
    }
}
