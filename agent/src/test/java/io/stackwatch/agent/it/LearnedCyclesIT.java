package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cycles the bytecode does not show are learned at run time, with no arguments: from the first real
 * overflow, or from a patrol round; and a cycle closed by a class loaded later is counted in the
 * classes loaded before, by retransformation.
 */
class LearnedCyclesIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"reflection", "proxy", "lambda", "uncaught"})
    void aCycleTheBytecodeDoesNotShowIsLearnedFromItsFirstOverflowAndWarnedBeforeTheNext(String mode) throws Exception {
        Path log = ChildJvm.eventLog("learned-" + mode);
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).run("testapps.RuntimeCycles", mode);

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).as(r.toString()).filteredOn(l -> l.startsWith("round "))
                .allMatch(l -> l.contains("java.lang.StackOverflowError"));
        EventLog events = EventLog.read(log);
        // Round 1 passes unseen (nothing counts the cycle yet): the agent learns it from the overflow.
        assertThat(events.typesOf("round-1")).as(events.toString()).doesNotContain("warn");
        List<JsonNode> learned = events.ofType("learned");
        assertThat(learned).as(events.toString()).hasSize(1);
        JsonNode note = learned.get(0);
        assertThat(note.get("source").asText()).isEqualTo("overflow");
        assertThat(note.get("countable").asBoolean()).isTrue();
        List<String> counted = texts(note.get("counted"));
        assertThat(counted).as(note.toString()).isNotEmpty().allMatch(m -> m.startsWith("testapps.RuntimeCycles"));
        assertThat(texts(note.get("cycle"))).containsAll(counted);
        assertThat(r.stderr).contains("ran deep in a cycle nothing watched").contains("counted from now on");
        // Rounds 2 and 3: warned before the overflow, and the events say the cycle was learned.
        for (String round : new String[]{"round-2", "round-3"}) {
            List<String> types = events.typesOf(round);
            assertThat(types.indexOf("warn")).as(round + "\n" + events).isNotNegative().isLessThan(types.indexOf("overflow"));
            JsonNode warn = events.ofThread(round).stream().filter(e -> e.get("type").asText().equals("warn")).findFirst()
                    .orElseThrow();
            assertThat(counted).contains(warn.get("method").asText());
            assertThat(warn.get("learnedFrom").asText()).isEqualTo("overflow");
            assertThat(warn.get("learnedAt").asText()).isEqualTo(note.get("ts").asText());
        }
        assertThat(r.stderr).contains("learned from an overflow");
    }

    @Test
    void underActionThrowTheLearnedCycleIsStoppedTheNextTime() throws Exception {
        Path log = ChildJvm.eventLog("learned-throw");
        ChildJvm.Result r = ChildJvm.withAgent("action=throw,eventLog=" + log).run("testapps.RuntimeCycles", "reflection");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).as(r.toString()).filteredOn(l -> l.startsWith("round "))
                .satisfiesExactly(
                        first -> assertThat(first).startsWith("round 1: java.lang.StackOverflowError"),
                        second -> assertThat(second).startsWith("round 2: io.stackwatch.core.StackDepthExceededError"),
                        third -> assertThat(third).startsWith("round 3: io.stackwatch.core.StackDepthExceededError"));
        assertThat(EventLog.read(log).ofType("learned")).hasSize(1);
    }

    @Test
    void aPatrolRoundTeachesACycleBeforeItEverOverflows() throws Exception {
        Path log = ChildJvm.eventLog("learned-patrol");
        ChildJvm.Result r = ChildJvm.withAgent("patrol=200ms,patrolDepth=1500,eventLog=" + log)
                .run("testapps.RuntimeCycles", "patrol");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("round 0: returned from depth 600");
        EventLog events = EventLog.read(log);
        List<JsonNode> learned = events.ofType("learned");
        assertThat(learned).as(events.toString()).hasSize(1);
        assertThat(learned.get(0).get("source").asText()).isEqualTo("patrol");
        assertThat(learned.get(0).get("thread").asText()).isEqualTo("round-0");
        // The first unbounded run is warned already.
        List<String> types = events.typesOf("round-1");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
        JsonNode warn = events.ofThread("round-1").stream().filter(e -> e.get("type").asText().equals("warn")).findFirst()
                .orElseThrow();
        assertThat(warn.get("learnedFrom").asText()).isEqualTo("patrol");
    }

    @Test
    void aCycleClosedByAClassLoadedLaterIsCountedInTheClassesLoadedBefore() throws Exception {
        Path log = ChildJvm.eventLog("late-closed");
        Path dump = Files.createTempDirectory(ChildJvm.eventLog("late-closed-dump").getParent(), "dump");
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).jvmArg("-Dstackwatch.dumpDir=" + dump)
                .run("testapps.LateClosedCycle");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("deep: java.lang.StackOverflowError").contains("done");
        EventLog events = EventLog.read(log);
        List<String> types = events.typesOf("deep");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
        assertThat(events.ofType("warn").get(0).get("method").asText())
                .isIn("testapps.LateClosedCycle#descend", "testapps.LateClosedCycle$Base#visit");
        // Found in the bytecode, not learned from an overflow: counted by retransforming a class loaded before.
        assertThat(events.ofType("learned")).isEmpty();
        try (Stream<Path> files = Files.list(dump)) {
            List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertThat(names).as("rewritten classes").anyMatch(n -> n.matches("testapps\\.LateClosedCycle(\\$Base)?\\.recounted.*"));
        }
    }

    @Test
    void aCycleWhoseOnlyCountableMethodsAreThoseTheTrackerRunsOnIsNeverCounted() throws Exception {
        Path log = ChildJvm.eventLog("learned-java-lang");
        ChildJvm.Result r = ChildJvm.withAgent("exclude=testapps.JavaLangCycle,eventLog=" + log).run("testapps.JavaLangCycle");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("thread-local cycle: java.lang.StackOverflowError")
                .contains("runaway: java.lang.StackOverflowError").contains("done");
        assertThat(r.stderr).as(r.toString()).doesNotContain("Exception in thread");
        EventLog events = EventLog.read(log);
        // Counting ThreadLocal#get would make the tracker count itself: every counted call would recurse.
        for (JsonNode note : events.ofType("learned")) {
            assertThat(note.get("countable").asBoolean()).as(note.toString()).isFalse();
            assertThat(texts(note.get("counted"))).isEmpty();
        }
        List<String> types = events.typesOf("after");
        assertThat(types.indexOf("warn")).as(events.toString()).isNotNegative().isLessThan(types.indexOf("overflow"));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText)
                .collect(Collectors.toList());
    }
}
