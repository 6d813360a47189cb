package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An unchanged program with a runaway recursion: the agent warns before the real overflow. */
class WarnBeforeOverflowIT {

    @ParameterizedTest(name = "stack size {0}")
    @ValueSource(longs = {0, 256 * 1024, 8 * 1024 * 1024})
    void warnsBeforeTheRealOverflowAndKeepsDepthExact(long stackSize) throws Exception {
        Path log = ChildJvm.eventLog("runaway");
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).run("testapps.Runaway", "platform", String.valueOf(stackSize), "2");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("overflow java.lang.StackOverflowError").contains("done");
        // Exact after each real overflow, even though the exit advice ran with almost no stack left.
        assertThat(r.stdoutLines()).as(r.toString()).filteredOn(l -> l.startsWith("trackerDepth="))
                .containsExactly("trackerDepth=0", "trackerDepth=0");

        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf("runaway-platform");
        assertThat(types).as(events.toString()).contains("warn", "overflow");
        assertThat(types.indexOf("warn")).as(events.toString()).isLessThan(types.indexOf("overflow"));
        assertThat(types.stream().filter("overflow"::equals).count()).as(events.toString()).isEqualTo(2);

        JsonNode warn = events.ofType("warn").get(0);
        assertThat(warn.get("method").asText()).isEqualTo("testapps.Runaway#descend");
        assertThat(warn.get("cycle").toString()).isEqualTo("[\"testapps.Runaway#descend\"]");
        assertThat(warn.get("cycleRounds").asInt()).isGreaterThan(100);
        assertThat(warn.get("origin").get(0).asText()).startsWith("testapps.Runaway#lambda$main$");
        assertThat(warn.get("ratio").asDouble()).isBetween(0.7, 1.0);
        assertThat(warn.get("virtual").asBoolean()).isFalse();
        assertThat(warn.get("frames").asInt()).isGreaterThanOrEqualTo(warn.get("depth").asInt());
        assertThat(warn.get("capacityBytes").asLong()).isPositive();
        assertThat(warn.get("predictedOverflowDepth").asLong()).isGreaterThan(warn.get("depth").asLong());
        assertThat(warn.get("goGrowths").asInt()).isPositive();
        assertThat(r.stderr).as(r.toString()).contains("WARN  thread \"runaway-platform\"").contains("cycle: testapps.Runaway#descend");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void warnsBeforeTheOverflowOfAVirtualThread() throws Exception {
        Path log = ChildJvm.eventLog("runaway-virtual");
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).run("testapps.Runaway", "virtual", "0", "1");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("trackerDepth=0").contains("done");
        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf("runaway-virtual");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
        assertThat(events.ofThread("runaway-virtual").get(0).get("virtual").asBoolean()).isTrue();
    }

    @Test
    void depthStaysExactAfterTenThousandExceptionUnwindsAndRealOverflows() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").run("testapps.ExceptionUnwinds", "10000", "5");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("unwinds=10000 trackerDepth=0");
        for (int i = 0; i < 5; i++) {
            assertThat(r.stdout).as(r.toString()).contains("overflow " + i + " trackerDepth=0");
        }
    }
}
