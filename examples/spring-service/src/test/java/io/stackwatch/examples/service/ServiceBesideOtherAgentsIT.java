package io.stackwatch.examples.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with another vendor's Java agent beside ours, in both orders on the command line: the
 * OpenTelemetry Java agent 2.22 and the Datadog Java agent 1.56. The hostile request is still refused
 * with 422, benign ones still answer, and the agent's meters still reach the service's own
 * Prometheus endpoint.
 */
class ServiceBesideOtherAgentsIT {

    static final Path OTEL_AGENT = Paths.get(System.getProperty("stackwatch.otelAgentJar",
            "target/other-agents/opentelemetry-javaagent.jar"));
    static final Path DD_AGENT = Paths.get(System.getProperty("stackwatch.ddAgentJar",
            "target/other-agents/dd-java-agent.jar"));

    /** Each vendor once, one before ours and one after: two service starts in every build. */
    @ParameterizedTest(name = "{0}, {1} ours")
    @CsvSource({"opentelemetry, before", "datadog, after"})
    void hostileRequestsAreStillRefusedAndOurMetersStillAppear(String vendor, String order) throws Exception {
        beside(vendor, order);
    }

    /** The other two orders, with -Dstackwatch.long=true (each start of the service beside two agents costs 20-60 s). */
    @ParameterizedTest(name = "{0}, {1} ours")
    @CsvSource({"opentelemetry, after", "datadog, before"})
    void inTheOtherOrderToo(String vendor, String order) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("stackwatch.long"),
                "the other orders run with -Dstackwatch.long=true");
        beside(vendor, order);
    }

    private static void beside(String vendor, String order) throws Exception {
        boolean otel = vendor.equals("opentelemetry");
        Path jar = otel ? OTEL_AGENT : DD_AGENT;
        assertThat(Files.isRegularFile(jar)).as("the %s agent jar %s", vendor, jar).isTrue();
        // Quiet and local: nothing tries to reach a collector or a Datadog agent that is not there.
        List<String> settings = otel
                ? List.of("-Dotel.traces.exporter=none", "-Dotel.metrics.exporter=none", "-Dotel.logs.exporter=none",
                        "-Dotel.service.name=stackwatch-spring-service")
                : List.of("-Ddd.service=stackwatch-spring-service", "-Ddd.trace.agent.url=http://127.0.0.1:9",
                        "-Ddd.instrumentation.telemetry.enabled=false", "-Ddd.remote_config.enabled=false",
                        "-Ddd.data.streams.enabled=false");
        List<String> before = new ArrayList<>(settings);
        List<String> after = new ArrayList<>();
        (order.equals("before") ? before : after).add("-javaagent:" + jar.toAbsolutePath());
        try (ServiceProcess service = ServiceProcess.start("service-" + vendor + "-" + order, "action=throw", before, after)) {
            assertThat(service.evaluate("1+(2*(3-4))").body()).isEqualTo("-1");
            HttpResponse<String> hostile = service.evaluate(Expressions.nested(100_000));
            assertThat(hostile.statusCode()).as(hostile.body()).isEqualTo(422);
            assertThat(hostile.body()).contains("io.stackwatch.core.StackDepthExceededError");
            assertThat(service.evaluate("2*(3+4)").body()).isEqualTo("14");

            Prometheus p = Prometheus.awaitCounted(service, "stackwatch_interceptions_total");
            long deadline = System.nanoTime() + 10_000_000_000L;
            assertThat(p.sum("stackwatch_interceptions_total", "").orElse(0)).as(p.toString()).isGreaterThanOrEqualTo(1);
            assertThat(p.hasMetricStartingWith("stackwatch_threads_tracked")).as(p.toString()).isTrue();
            String stderr = service.stderrText();
            while (!stderr.contains("stopped io.stackwatch.examples.service.ExpressionParser#") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                stderr = service.stderrText();
            }
            assertThat(stderr).contains("stopped io.stackwatch.examples.service.ExpressionParser#");
            String both = stderr + service.stdoutText();
            assertThat(both).as("the other agent ran").contains(otel ? "opentelemetry-javaagent - version: 2.22.0" : "DATADOG TRACER CONFIGURATION");
        }
    }
}
