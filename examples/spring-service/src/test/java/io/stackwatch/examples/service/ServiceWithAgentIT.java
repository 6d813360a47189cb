package io.stackwatch.examples.service;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's own jar with the agent attached and {@code action=throw}, as the README starts it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceWithAgentIT {

    private static final Path EVENT_LOG = ServiceProcess.OUTPUT.resolve("service-with-agent-events.jsonl").toAbsolutePath();
    private static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(ServiceProcess.OUTPUT);
        Files.deleteIfExists(EVENT_LOG);
        service = ServiceProcess.start("service-with-agent", "action=throw,eventLog=" + EVENT_LOG);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void benignExpressionIsEvaluated() throws Exception {
        HttpResponse<String> r = service.evaluate("1+(2*(3-4))");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("-1");
        assertThat(service.evaluate("7 * (6 - 4) % 5").body()).isEqualTo("4");
    }

    @Test
    @Order(2)
    void malformedExpressionIsA400NamingThePosition() throws Exception {
        HttpResponse<String> r = service.evaluate("1+(2*");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("bad expression: expected a number at position 5");
    }

    @Test
    @Order(3)
    void hostileNestingIsRefusedWith422FromTheAgentsErrorAndTheServiceGoesOn() throws Exception {
        HttpResponse<String> r = service.evaluate(Expressions.nested(100_000));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("expression nested too deeply to evaluate (io.stackwatch.core.StackDepthExceededError)\n");
        assertThat(service.evaluate("2*(3+4)").body()).isEqualTo("14");

        String stderr = awaitStderr("stopped io.stackwatch.examples.service.ExpressionParser#");
        assertThat(stderr).contains("cycle: io.stackwatch.examples.service.ExpressionParser#expression -> "
                + "io.stackwatch.examples.service.ExpressionParser#term -> io.stackwatch.examples.service.ExpressionParser#factor");
        String events = Files.readString(EVENT_LOG, StandardCharsets.UTF_8);
        assertThat(events).contains("\"type\":\"intercept\"").contains("\"method\":\"io.stackwatch.examples.service.ExpressionParser#");
    }

    @Test
    @Order(4)
    void agentMetersAppearInTheServicesOwnPrometheusEndpoint() throws Exception {
        // The agent registers its meters in the service's Micrometer (hostMetrics, on by default);
        // the interception above reaches the counter through the agent's event thread: wait for it.
        Prometheus p = Prometheus.awaitCounted(service, "stackwatch_interceptions_total");
        assertThat(p.sum("stackwatch_interceptions_total", "").orElse(0)).as(p.toString()).isGreaterThanOrEqualTo(1);
        assertThat(p.sum("stackwatch_warnings_total", "").orElse(0)).as(p.toString()).isGreaterThanOrEqualTo(1);
        assertThat(p.hasMetricStartingWith("stackwatch_threads_tracked")).as(p.toString()).isTrue();
        assertThat(service.stderrText()).contains("meters registered in the application's Micrometer");
    }

    @Test
    @Order(5)
    void underLoadEveryBenignRequestSucceedsEveryHostileOneIsRefusedAndTheServiceRecovers() throws Exception {
        UnderLoad.Result r = UnderLoad.run(service, "with the agent (action=throw)");
        assertThat(r.attack().hostileNotRefused()).as(r.attack().toString()).isZero();
        assertThat(r.attack().hostileRefused()).isEqualTo(r.attack().hostileSent.get());
        UnderLoad.assertRecovered(r);
    }

    private static String awaitStderr(String text) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String s = service.stderrText();
        while (!s.contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            s = service.stderrText();
        }
        assertThat(s).contains(text);
        return s;
    }
}
