package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code otlp=} into a real OpenTelemetry Collector (built by {@code .ci/otelcol/build}: the OTLP
 * receiver and the file exporter), reading the meters and the events back from the files it writes.
 * Skipped, with the reason, where no Collector could be built (no Go toolchain or module proxy).
 */
class OtlpCollectorIT {

    private static final String RUNAWAY = "testapps.MetricsHost#runaway";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theCollectorReceivesTheMetersAndTheEventsWithTheServiceOfTheEnvironment() throws Exception {
        Path binary = OtlpReceivers.find("stackwatch.otelcol", "OTELCOL_BINARY", "otelcol-stackwatch");
        Assumptions.assumeTrue(binary != null,
                "no OpenTelemetry Collector: .ci/otelcol/build makes one where a Go toolchain and the Go module proxy are reachable");
        Path dir = Files.createTempDirectory(Files.createDirectories(ChildJvm.OUTPUT), "otelcol-");
        int port = OtlpReceivers.freePort();
        Path metrics = dir.resolve("metrics.jsonl");
        Path logs = dir.resolve("logs.jsonl");
        Path config = dir.resolve("otelcol.yaml");
        Files.writeString(config, String.join("\n",
                "receivers:",
                "  otlp:",
                "    protocols:",
                "      http:",
                "        endpoint: 127.0.0.1:" + port,
                "exporters:",
                "  file/metrics:",
                "    path: " + metrics,
                "    flush_interval: 100ms",
                "  file/logs:",
                "    path: " + logs,
                "    flush_interval: 100ms",
                "service:",
                "  telemetry:",
                "    metrics:",
                "      level: none",
                "  pipelines:",
                "    metrics:",
                "      receivers: [otlp]",
                "      exporters: [file/metrics]",
                "    logs:",
                "      receivers: [otlp]",
                "      exporters: [file/logs]",
                ""));
        Path log = dir.resolve("otelcol.log");
        Process collector = new ProcessBuilder(binary.toString(), "--config=" + config).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            awaitListening(port, collector, log);
            try (ChildJvm.Running child = ChildJvm.withAgent("otlp=on")
                    .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + port)
                    .env("OTEL_SERVICE_NAME", "collector-it")
                    .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=it")
                    .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                    .start("testapps.MetricsHost", "500")) {
                child.await(Pattern.compile("exporting metrics over OTLP"), 60);
                child.await(Pattern.compile("^ready", Pattern.MULTILINE), 60);
                String metricLines = awaitContent(metrics, RUNAWAY, 30);
                String logLines = awaitContent(logs, "stackwatch.overflow", 30);
                assertThat(child.stop().stderr).doesNotContain("OTLP metrics export", "OTLP log export");

                List<JsonNode> warnings = points(metricLines, "stackwatch.warnings", RUNAWAY);
                assertThat(warnings).as("data points of stackwatch.warnings\n%s", metricLines).isNotEmpty();
                assertThat(warnings.get(warnings.size() - 1).path("asDouble").asDouble()).isEqualTo(1.0);
                assertThat(metricLines).contains("\"service.name\"", "collector-it", "deployment.environment");
                assertThat(logLines).contains("\"eventName\":\"stackwatch.warn\"", "\"eventName\":\"stackwatch.overflow\"",
                        "runaway-worker", RUNAWAY, "collector-it", "\"severityText\":\"WARN\"");
            }
        } finally {
            collector.destroy();
            if (!collector.waitFor(10, TimeUnit.SECONDS)) {
                collector.destroyForcibly();
            }
        }
    }

    /** Every data point of {@code metric} with {@code method} as its method attribute, in file order. */
    private List<JsonNode> points(String lines, String metric, String method) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : lines.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            for (JsonNode rm : json.readTree(line).path("resourceMetrics")) {
                for (JsonNode sm : rm.path("scopeMetrics")) {
                    for (JsonNode m : sm.path("metrics")) {
                        if (!metric.equals(m.path("name").asText())) {
                            continue;
                        }
                        for (JsonNode p : m.path("sum").path("dataPoints")) {
                            for (JsonNode a : p.path("attributes")) {
                                if ("method".equals(a.path("key").asText()) && method.equals(a.path("value").path("stringValue").asText())) {
                                    out.add(p);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    private static String awaitContent(Path file, String needle, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(file) ? Files.readString(file) : "";
            if (text.contains(needle)) {
                return text;
            }
            Thread.sleep(200);
        }
        return text;
    }

    private static void awaitListening(int port, Process p, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new AssertionError("the Collector ended at start:\n" + Files.readString(log));
            }
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the Collector did not listen in 30 s:\n" + Files.readString(log));
    }
}
