package io.stackwatch.examples.service;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The same jar without the agent: the baseline, and proof that the hostile input overflows for real. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServiceWithoutAgentIT {

    private static ServiceProcess service;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceProcess.start("service-without-agent", null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    @Order(1)
    void hostileNestingOverflowsTheRealStackInsideTheParser() throws Exception {
        HttpResponse<String> r = service.evaluate(Expressions.nested(100_000));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("expression nested too deeply to evaluate (java.lang.StackOverflowError)\n");
        // The service logs the innermost frame: wherever in the parser the real stack ran out.
        assertThat(service.stdoutText()).containsPattern(
                "refused an expression nested too deeply: java.lang.StackOverflowError at io.stackwatch.examples.service.ExpressionParser\\.");
        assertThat(service.stderrText()).doesNotContain("stackwatch");
        assertThat(service.evaluate("2*(3+4)").body()).isEqualTo("14");
    }

    @Test
    @Order(2)
    @EnabledIfSystemProperty(named = "stackwatch.long", matches = "true", disabledReason = "the baseline for docs/PERFORMANCE.md: "
            + "long form only (-Dstackwatch.long=true), to keep CI short")
    void underLoadWithoutTheAgentEveryBenignRequestSucceeds() throws Exception {
        UnderLoad.Result r = UnderLoad.run(service, "without the agent");
        // Figures for the comparison; a real overflow may strike outside the parser, so refusals are counted, not required.
        UnderLoad.assertRecovered(r);
    }
}
