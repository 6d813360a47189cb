package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cycles of constructors alone are watched with no arguments: counted from their {@code super(…)} or
 * {@code this(…)} call on, verified by the JVM's strictest verifier, the depth exact however they end.
 */
class ConstructorCycleIT {

    @Test
    void aConstructorCallingItselfIsWarnedBeforeItOverflowsAndTheDepthStaysExact() throws Exception {
        ChildJvm.Result plain = ChildJvm.withoutAgent().jvmArg("-Xverify:all").run("testapps.ConstructorCycles");
        Path log = ChildJvm.eventLog("constructor-cycles");
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).jvmArg("-Xverify:all").run("testapps.ConstructorCycles");

        assertThat(plain.exitCode).as(plain.toString()).isZero();
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stderr).as(r.toString()).doesNotContain("VerifyError").doesNotContain("could not instrument");
        // The same results as without the agent; the tracker's depth back at 0 after each (-1: no agent).
        assertThat(r.stdoutLines()).as(r.toString())
                .containsExactlyElementsOf(plain.stdoutLines().stream().map(l -> l.replace("depth after -1", "depth after 0")).toList());
        assertThat(r.stdout).contains("nested: size 501, depth after 0").contains("chain: depth 300, tag odd-7, depth after 0")
                .contains("chain failed: failed at 40, depth after 0")
                .contains("self-containing: java.lang.StackOverflowError, depth after 0").contains("done");

        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf("constructor-cycle");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
        JsonNode warn = events.ofThread("constructor-cycle").stream().filter(e -> e.get("type").asText().equals("warn"))
                .findFirst().orElseThrow();
        assertThat(warn.get("method").asText()).isEqualTo("testapps.ConstructorCycles$Node#<init>");
        assertThat(warn.get("cycle").get(0).asText()).isEqualTo("testapps.ConstructorCycles$Node#<init>");
    }

    @Test
    void aChainOfConstructorsDelegatingWithThisIsCountedInTheConstructorThatDoesTheWork() throws Exception {
        Path log = ChildJvm.eventLog("constructor-chain");
        ChildJvm.Result r = ChildJvm.withAgent("maxDepth=100,eventLog=" + log).jvmArg("-Xverify:all")
                .run("testapps.ConstructorCycles");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("chain: depth 300, tag odd-7, depth after 0");
        // Chain(int) only delegates with this(…): its count would start after the whole descent.
        List<JsonNode> chain = EventLog.read(log).ofThread("main").stream()
                .filter(e -> e.get("type").asText().equals("warn") && e.get("method").asText().contains("Chain"))
                .toList();
        assertThat(chain).as(EventLog.read(log).toString()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("method").asText()).isEqualTo("testapps.ConstructorCycles$Chain#<init>"));
        assertThat(chain.get(0).get("depth").asInt()).isEqualTo(101);
    }

    @Test
    void underActionThrowTheConstructorCycleIsStoppedAndTheThreadCarriesOn() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("action=throw").jvmArg("-Xverify:all").run("testapps.ConstructorCycles");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString())
                .contains("self-containing: io.stackwatch.core.StackDepthExceededError, depth after 0")
                .contains("chain: depth 300, tag odd-7, depth after 0").contains("done");
    }
}
