package io.stackwatch.examples.service;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with the OpenTelemetry Java agent beside ours, in both orders on the command line:
 * the hostile request is still refused with 422, benign ones still answer, and the agent's meters
 * still reach the service's own Prometheus endpoint (through Micrometer's global registry, which the
 * OpenTelemetry agent bridges too).
 */
class ServiceBesideOpenTelemetryAgentIT {

    static final Path OTEL_AGENT = Paths.get(System.getProperty("stackwatch.otelAgentJar",
            "target/otel-agent/opentelemetry-javaagent.jar"));
    // Quiet and local: no exporter tries to reach a collector that is not there.
    private static final List<String> OTEL_SETTINGS = List.of("-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none", "-Dotel.service.name=stackwatch-spring-service");

    @Test
    void openTelemetryAgentFirstThenOurs() throws Exception {
        List<String> before = new java.util.ArrayList<>(OTEL_SETTINGS);
        before.add("-javaagent:" + OTEL_AGENT.toAbsolutePath());
        try (ServiceProcess service = ServiceProcess.start("service-otel-first", "action=throw", before, List.of())) {
            hostileIsRefusedAndOurMetersAppear(service);
        }
    }

    @Test
    void oursFirstThenTheOpenTelemetryAgent() throws Exception {
        List<String> after = List.of("-javaagent:" + OTEL_AGENT.toAbsolutePath());
        try (ServiceProcess service = ServiceProcess.start("service-otel-second", "action=throw", OTEL_SETTINGS, after)) {
            hostileIsRefusedAndOurMetersAppear(service);
        }
    }

    private static void hostileIsRefusedAndOurMetersAppear(ServiceProcess service) throws Exception {
        assertThat(Files.isRegularFile(OTEL_AGENT)).as("the OpenTelemetry agent jar %s", OTEL_AGENT).isTrue();
        assertThat(service.evaluate("1+(2*(3-4))").body()).isEqualTo("-1");
        HttpResponse<String> hostile = service.evaluate(Expressions.nested(100_000));
        assertThat(hostile.statusCode()).as(hostile.body()).isEqualTo(422);
        assertThat(hostile.body()).contains("io.stackwatch.core.StackDepthExceededError");
        assertThat(service.evaluate("2*(3+4)").body()).isEqualTo("14");

        Prometheus p = new Prometheus(service.get("/actuator/prometheus").body());
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (p.sum("stackwatch_interceptions_total", "").orElse(0) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            p = new Prometheus(service.get("/actuator/prometheus").body());
        }
        assertThat(p.sum("stackwatch_interceptions_total", "").orElse(0)).as(p.toString()).isGreaterThanOrEqualTo(1);
        assertThat(p.hasMetricStartingWith("stackwatch_threads_tracked")).as(p.toString()).isTrue();
        String stderr = service.stderrText();
        while (!stderr.contains("stopped io.stackwatch.examples.service.ExpressionParser#") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stderr = service.stderrText();
        }
        assertThat(stderr).contains("opentelemetry-javaagent - version: 2.22.0");
        assertThat(stderr).contains("stopped io.stackwatch.examples.service.ExpressionParser#");
    }
}
