package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code otlp=}: the meters reach a real OTLP receiver (VictoriaMetrics) with the resource of the
 * standard OpenTelemetry environment, the events arrive as OTLP log records, the export's classes
 * are loaded only when it is asked for, and a receiver that is not there costs one line.
 */
class OtlpExportIT {

    private static final String RUNAWAY = "testapps.MetricsHost#runaway";

    @Test
    void metersReachARealOtlpReceiverWithTheServiceAndResourceOfTheOpenTelemetryEnvironment() throws Exception {
        try (OtlpReceivers.VictoriaMetrics vm = OtlpReceivers.VictoriaMetrics.start();
             OtlpReceivers.LogRequests logs = new OtlpReceivers.LogRequests();
             ChildJvm.Running child = ChildJvm.withAgent("otlp=on")
                     .env("OTEL_EXPORTER_OTLP_ENDPOINT", vm.otlpEndpoint())
                     .env("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", logs.url)
                     .env("OTEL_SERVICE_NAME", "otlp-it")
                     .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=it,team=stack%20watch")
                     .env("OTEL_METRIC_EXPORT_INTERVAL", "500")
                     .start("testapps.MetricsHost", "500")) {
            child.await(Pattern.compile("exporting metrics over OTLP to (\\S+)"), 60);
            child.await(Pattern.compile("^ready", Pattern.MULTILINE), 60);

            JsonNode warnings = vm.series("stackwatch.warnings", 30);
            JsonNode runaway = null;
            for (JsonNode s : warnings) {
                if (RUNAWAY.equals(s.path("method").asText())) {
                    runaway = s;
                }
            }
            assertThat(runaway).as("series %s\n%s", warnings, child).isNotNull();
            assertThat(runaway.path("service.name").asText()).isEqualTo("otlp-it");
            assertThat(runaway.path("deployment.environment").asText()).isEqualTo("it");
            assertThat(runaway.path("team").asText()).isEqualTo("stack watch");
            assertThat(runaway.path("process.pid").asLong()).isEqualTo(child.process.pid());
            assertThat(vm.value("{__name__=\"stackwatch.overflows\",method=\"" + RUNAWAY + "\"}")).isEqualTo(1.0);
            assertThat(vm.value("{__name__=\"stackwatch.threads.tracked\"}")).isGreaterThanOrEqualTo(1.0);

            String records = logs.await("stackwatch.overflow", 30);
            assertThat(records).as("log requests\n%s", child)
                    .contains("event_name: \"stackwatch.warn\"", "event_name: \"stackwatch.overflow\"")
                    .contains("severity_number: SEVERITY_NUMBER_WARN")
                    .contains("key: \"thread.name\"", "string_value: \"runaway-worker\"")
                    .contains("string_value: \"" + RUNAWAY + "\"")
                    .contains("key: \"service.name\"", "string_value: \"otlp-it\"")
                    .contains("name: \"io.stackwatch\"");
            assertThat(logs.contentTypes).allMatch("application/x-protobuf"::equals);
            ChildJvm.Result r = child.stop();
            assertThat(r.stderr).doesNotContain("cannot export", "Failed to publish", "OTLP log export");
        }
    }

    @Test
    void withoutOtlpNoneOfTheExportsClassesIsLoaded() throws Exception {
        Path log = Files.createTempFile(Files.createDirectories(ChildJvm.OUTPUT), "classes-", ".log");
        try (ChildJvm.Running child = ChildJvm.withAgent("prometheus=0").jvmArg("-Xlog:class+load=info:file=" + log)
                .start("testapps.MetricsHost", "100")) {
            child.await(Pattern.compile("serving Prometheus metrics at"), 60);
            child.await(Pattern.compile("^ready", Pattern.MULTILINE), 60);
        }
        List<String> loaded = otlpClasses(log);
        assertThat(Files.readString(log)).contains("io.stackwatch.agent.metrics.AgentRegistry");
        assertThat(loaded).as("classes of the OTLP export without otlp=").isEmpty();

        Path withLog = Files.createTempFile(Files.createDirectories(ChildJvm.OUTPUT), "classes-", ".log");
        try (OtlpReceivers.LogRequests logs = new OtlpReceivers.LogRequests()) {
            try (ChildJvm.Running child = ChildJvm.withAgent("otlp=" + logs.url.replace("/v1/logs", ""))
                    .jvmArg("-Xlog:class+load=info:file=" + withLog).start("testapps.MetricsHost", "100")) {
                child.await(Pattern.compile("exporting metrics over OTLP"), 60);
            }
        }
        assertThat(otlpClasses(withLog)).as("the same check sees them with otlp=")
                .anyMatch(c -> c.contains("OtlpMeterRegistry")).anyMatch(c -> c.contains("io.stackwatch.otlp.OtlpBridge"));
    }

    @Test
    void anEndpointThatIsNotThereCostsOneLineAndTheApplicationRunsOn() throws Exception {
        int closed = OtlpReceivers.freePort();
        ChildJvm.Result r = ChildJvm.withAgent("otlp=http://127.0.0.1:" + closed)
                .env("OTEL_METRIC_EXPORT_INTERVAL", "300").run("testapps.Runaway");
        assertThat(r.exitCode).as("%s", r).isZero();
        assertThat(r.stdout).contains("overflow java.lang.StackOverflowError", "done");
        assertThat(r.stderr).as("%s", r).contains("OTLP log export to http://127.0.0.1:" + closed + "/v1/logs failed",
                "OTLP metrics export to http://127.0.0.1:" + closed + "/v1/metrics failed");
        assertThat(r.stderr.split("OTLP log export to", -1)).as("said once").hasSize(2);
        assertThat(r.stderr.split("OTLP metrics export to", -1)).as("said once, though retried every 300 ms").hasSize(2);
        assertThat(r.stderr).doesNotContain("\tat ");
    }

    @Test
    void aBadOtlpValueIsOneLineAndTheAgentRunsWithoutTheExport() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("otlp=collector:4318").run("testapps.PlainHost");
        assertThat(r.exitCode).isZero();
        assertThat(r.stderr).contains("ignoring otlp=\"collector:4318\" from agent arguments: expected an OTLP/HTTP endpoint");
        assertThat(r.stderr).doesNotContain("exporting metrics over OTLP");
    }

    private static List<String> otlpClasses(Path classLog) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(classLog)) {
            if (line.contains("registry.otlp.") || line.contains("io.stackwatch.otlp.") || line.contains("opentelemetry.proto")
                    || line.contains("io.stackwatch.agent.otlp.")) {
                out.add(line);
            }
        }
        return out;
    }
}
