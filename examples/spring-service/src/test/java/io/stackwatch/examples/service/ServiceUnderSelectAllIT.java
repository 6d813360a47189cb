package io.stackwatch.examples.service;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with every method of every non-JDK class instrumented ({@code select=all}): Spring's
 * proxies (JDK proxies of package-private interfaces among them), CGLIB subclasses and the rest of
 * the generated code must still verify, so the service starts and serves as it does without the agent.
 */
class ServiceUnderSelectAllIT {

    @Test
    void serviceStartsAndServesWithEveryMethodInstrumented() throws Exception {
        try (ServiceProcess service = ServiceProcess.start("service-select-all", "select=all,action=throw")) {
            HttpResponse<String> benign = service.evaluate("1+(2*(3-4))");
            assertThat(benign.statusCode()).as(service.output()).isEqualTo(200);
            assertThat(benign.body()).isEqualTo("-1");
            assertThat(service.evaluate("7 * (6 - 4) % 5").body()).isEqualTo("4");

            HttpResponse<String> hostile = service.evaluate(Expressions.nested(100_000));
            assertThat(hostile.statusCode()).as(hostile.body()).isEqualTo(422);
            assertThat(hostile.body()).startsWith("expression nested too deeply to evaluate (");
            assertThat(service.evaluate("2*(3+4)").body()).as("the service goes on").isEqualTo("14");

            assertThat(service.get("/actuator/prometheus").statusCode()).isEqualTo(200);
            assertThat(service.stderrText() + service.stdoutText()).as(service.output())
                    .doesNotContain("VerifyError").doesNotContain("Application run failed");
        }
    }
}
