package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** action=throw stops the runaway call early, with stack left for the program to carry on. */
class InterceptionIT {

    @Test
    void throwAtStopsTheRecursionBeforeARealOverflowAndTheThreadCarriesOn() throws Exception {
        Path log = ChildJvm.eventLog("intercept");
        ChildJvm.Result r = ChildJvm.withAgent("action=throw,eventLog=" + log).run("testapps.Intercepted");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).as(r.toString()).filteredOn(l -> l.startsWith("caught "))
                .hasSize(3)
                .allSatisfy(l -> assertThat(l)
                        .startsWith("caught io.stackwatch.core.StackDepthExceededError: stackwatch stopped testapps.Intercepted#descend")
                        .contains("throwAt 0.90")
                        .contains("cycle: testapps.Intercepted#descend")
                        .contains("origin: testapps.Intercepted#guarded"));
        assertThat(r.stdoutLines()).filteredOn(l -> l.startsWith("trackerDepth="))
                .containsExactly("trackerDepth=0", "trackerDepth=0", "trackerDepth=0");
        assertThat(r.stdout).contains("finallyRuns=3").contains("fib=6765").contains("done");

        EventLog events = EventLog.read(log);
        assertThat(events.ofType("overflow")).as(events.toString()).isEmpty();
        assertThat(events.ofType("intercept")).as(events.toString()).hasSize(3);
        java.util.List<String> types = events.typesOf("intercepted");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("intercept"));
        JsonNode intercept = events.ofType("intercept").get(0);
        assertThat(intercept.get("reason").asText()).isEqualTo("throwAt");
        assertThat(intercept.get("ratio").asDouble()).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void maxDepthStopsTheCallAtExactlyThatDepth() throws Exception {
        Path log = ChildJvm.eventLog("maxdepth");
        ChildJvm.Result r = ChildJvm.withAgent("action=throw,maxDepth=500,eventLog=" + log).run("testapps.Intercepted");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("instrumented depth exceeds maxDepth 500").contains("finallyRuns=3").contains("done");
        EventLog events = EventLog.read(log);
        assertThat(events.ofType("intercept")).hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.get("reason").asText()).isEqualTo("maxDepth");
                    assertThat(e.get("depth").asInt()).isEqualTo(501);
                });
    }

    @Test
    void aPerMethodLimitStopsThatMethod() throws Exception {
        Path log = ChildJvm.eventLog("limits");
        ChildJvm.Result r = ChildJvm.withAgent("action=throw,limits=testapps.Intercepted#descend=300,eventLog=" + log)
                .run("testapps.Intercepted");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("method depth exceeds its limit 300").contains("trackerDepth=0").contains("done");
        assertThat(EventLog.read(log).ofType("intercept")).hasSize(3)
                .allSatisfy(e -> assertThat(e.get("reason").asText()).isEqualTo("limit"));
    }

    @Test
    void selectAllInstrumentsMethodsOutsideAnyCycle() throws Exception {
        ChildJvm.Result all = ChildJvm.withAgent("select=all,include=testapps.DeepChain,action=throw,maxDepth=10")
                .run("testapps.DeepChain");
        // main is a method of the included class too: it is still on the stack, so depth is 1.
        assertThat(all.stdout).as(all.toString()).contains("caught io.stackwatch.core.StackDepthExceededError")
                .contains("trackerDepth=1");
        assertThat(all.stderr).contains("stopped testapps.DeepChain#m10").contains("depth 11 instrumented frames");

        ChildJvm.Result recursive = ChildJvm.withAgent("include=testapps.DeepChain,action=throw,maxDepth=10")
                .run("testapps.DeepChain");
        assertThat(recursive.stdout).as(recursive.toString()).contains("chain=58");
    }
}
