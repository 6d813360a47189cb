package io.stackwatch.agent.otlp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpSettingsTest {

    private final List<String> problems = new ArrayList<>();

    private OtlpSettings parse(String value, Map<String, String> env) {
        return OtlpSettings.parse(value, env, problems::add);
    }

    @Test
    void onTakesTheEndpointServiceResourceAndIntervalFromTheOpenTelemetryEnvironment() {
        OtlpSettings s = parse("on", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318/",
                "OTEL_SERVICE_NAME", "checkout", "OTEL_RESOURCE_ATTRIBUTES", "service.name=ignored,team=pay%20ments,k8s.pod.name=p-1",
                "OTEL_METRIC_EXPORT_INTERVAL", "15000", "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%20abc"));
        assertThat(s.metricsUrl()).isEqualTo("http://otel:4318/v1/metrics");
        assertThat(s.logsUrl()).isEqualTo("http://otel:4318/v1/logs");
        assertThat(s.serviceName()).as("OTEL_SERVICE_NAME wins over the attribute").isEqualTo("checkout");
        assertThat(s.resource()).containsEntry("team", "pay ments").containsEntry("k8s.pod.name", "p-1")
                .containsEntry("process.pid", String.valueOf(ProcessHandle.current().pid()));
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.headers()).containsEntry("Authorization", "Bearer abc");
        assertThat(problems).isEmpty();
    }

    @Test
    void onWithoutTheEnvironmentUsesTheStandardDefaults() {
        OtlpSettings s = parse("on", Map.of());
        assertThat(s.metricsUrl()).isEqualTo("http://localhost:4318/v1/metrics");
        assertThat(s.serviceName()).isEqualTo("unknown_service:java");
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(problems).isEmpty();
    }

    @Test
    void perSignalEndpointsAreUsedAsTheyAre() {
        OtlpSettings s = parse("on", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel:4318",
                "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://logs:9000/ingest"));
        assertThat(s.metricsUrl()).isEqualTo("http://otel:4318/v1/metrics");
        assertThat(s.logsUrl()).isEqualTo("http://logs:9000/ingest");
    }

    @Test
    void anExplicitUrlGetsTheSignalPaths() {
        OtlpSettings s = parse("https://collector.example:4318/otlp", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://elsewhere:1"));
        assertThat(s.metricsUrl()).isEqualTo("https://collector.example:4318/otlp/v1/metrics");
        assertThat(s.logsUrl()).isEqualTo("https://collector.example:4318/otlp/v1/logs");
    }

    @Test
    void badEnvironmentValuesAreOneLineEachAndTheDefaultsApply() {
        OtlpSettings s = parse("on", Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "otel:4318", "OTEL_METRIC_EXPORT_INTERVAL", "soon",
                "OTEL_RESOURCE_ATTRIBUTES", "novalue", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"));
        assertThat(s.metricsUrl()).isEqualTo("http://localhost:4318/v1/metrics");
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(problems).hasSize(4);
        assertThat(problems.get(0)).startsWith("ignoring OTEL_EXPORTER_OTLP_ENDPOINT=\"otel:4318\"");
        assertThat(String.join("\n", problems)).contains("OTEL_EXPORTER_OTLP_PROTOCOL=\"grpc\" is not used",
                "ignoring OTEL_RESOURCE_ATTRIBUTES=\"novalue\"", "ignoring OTEL_METRIC_EXPORT_INTERVAL=\"soon\"");
    }

    @Test
    void offAndNonsenseGiveNoSettings() {
        assertThat(parse("off", Map.of())).isNull();
        assertThat(OtlpSettings.accepts("collector:4318")).isFalse();
        assertThat(OtlpSettings.accepts("http://collector:4318")).isTrue();
        assertThat(OtlpSettings.accepts("ON")).isTrue();
    }
}
