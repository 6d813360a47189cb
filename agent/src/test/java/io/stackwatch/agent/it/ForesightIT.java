package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real stack readings: warnings at the real threshold, overflow depth predicted, no false alarms. */
class ForesightIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-Xmixed", "-Xint"})
    void warnsAtTheRealThresholdPredictsTheOverflowAndNeverWarnsAboutASafeDepth(String mode) throws Exception {
        Path log = ChildJvm.eventLog("foresight");
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).jvmArg(mode).run("testapps.SafeDeep");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("overflow depth=").contains("safe depth=").contains("done");
        assertThat(r.stderr).contains("stack use is read from the stack pointer");
        EventLog events = EventLog.read(log);
        assertThat(events.typesOf("safe")).as("a safe depth must not warn\n" + events).doesNotContain("warn", "go-overflow");

        List<String> types = events.typesOf("probe");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
        JsonNode warn = events.ofType("warn").get(0);
        JsonNode overflow = events.ofType("overflow").get(0);
        assertThat(warn.get("measured").asBoolean()).isTrue();
        // Bytes, not a guess: the warning fires within 1% of the capacity of warnAt.
        assertThat(warn.get("ratio").asDouble()).as(warn.toString()).isBetween(0.70, 0.71);
        // The overflow depth predicted at the warning, against the real one: within 5% when every frame
        // is interpreted; within 10% in mixed mode, where the JIT may compile the method between the
        // warning and the overflow and change the frame size the prediction extrapolates (6.4% seen
        // on a loaded CI machine).
        double predicted = warn.get("predictedOverflowDepth").asDouble();
        double actual = overflow.get("depth").asDouble();
        double tolerance = mode.equals("-Xint") ? 0.05 : 0.10;
        assertThat(Math.abs(predicted - actual) / actual).as("%s: predicted %s, actual %s", mode, predicted, actual)
                .isLessThan(tolerance);
        // The capacity is the real one: the overflow came within 2% of it.
        assertThat(overflow.get("ratio").asDouble()).as(overflow.toString()).isBetween(0.98, 1.02);
    }

    @Test
    void aSwallowedOverflowIsReportedOnceNamingWhereItWasCaught() throws Exception {
        Path log = ChildJvm.eventLog("swallowed");
        ChildJvm.Result r = ChildJvm.withAgent("limits=testapps.Swallower#swallowInside=1000000,eventLog=" + log)
                .run("testapps.Swallower");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).as(r.toString()).filteredOn(l -> l.startsWith("trackerDepth="))
                .containsExactly("trackerDepth=0", "trackerDepth=0");
        EventLog events = EventLog.read(log);
        List<JsonNode> swallowed = events.ofType("swallowed");
        assertThat(swallowed).as(events.toString()).hasSizeGreaterThanOrEqualTo(2);
        // Inside instrumented code: the method whose frame returned normally after the overflow.
        assertThat(swallowed.get(0).get("method").asText()).isEqualTo("testapps.Swallower#swallowInside");
        assertThat(swallowed.get(0).get("depth").asInt()).isEqualTo(1);
        // Outside it: reported when the thread came back into instrumented code.
        assertThat(swallowed).anySatisfy(e -> {
            assertThat(e.get("method").asText()).isEqualTo("testapps.Swallower#outer");
            assertThat(e.get("reason").asText()).isEqualTo("caught by a caller");
        });
        // The agent's own classes are all usable at the end of an exhausted stack: none was first
        // initialized there (a class whose initializer runs out of stack is broken for good).
        assertThat(r.stderr).as(r.toString()).doesNotContain("stackwatch ERROR").doesNotContain("NoClassDefFoundError");
        assertThat(r.stderr).contains("was caught and swallowed in testapps.Swallower#swallowInside")
                .contains("was caught and swallowed by a caller of testapps.Swallower#outer");
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledForJreRange(min = org.junit.jupiter.api.condition.JRE.JAVA_21)
    void aMillionVirtualThreadsLeaveNoTrackerStateBehind() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").jvmArg("-Xmx512m").run("testapps.ManyVirtualThreads", "1000000");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("sum=40000000");
        long live = Long.parseLong(r.stdout.replaceAll("(?s).*liveStates=(\\d+).*", "$1"));
        assertThat(live).as(r.toString()).isLessThan(100);
    }
}
