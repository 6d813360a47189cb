package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A JNI method that needs 256 KiB of C stack, called from one instrumented frame at the bottom of a deep
 * recursion the agent does not see. C code that runs out of stack crashes the JVM (no
 * StackOverflowError); the agent's reading in front of the native call is what can stop it in time.
 */
class NativeCallIT {

    private static final Path BURNER = Paths.get(System.getProperty("stackwatch.testNative", "target/test-native/libburner.so"));
    private static final String INCLUDE = "include=testapps.NativeCallAtStackEnd$Caller,nativeReserve=256k";

    @BeforeAll
    static void fixtureBuilt() {
        assumeTrue(Files.isRegularFile(BURNER), "the JNI fixture is built on Linux only: " + BURNER);
    }

    private static ChildJvm.Result run(ChildJvm jvm) throws Exception {
        return jvm.jvmArg("-XX:ErrorFile=" + ChildJvm.OUTPUT.toAbsolutePath() + "/hs_err_%p.log", "-XX:-CreateCoredumpOnCrash")
                .run("testapps.NativeCallAtStackEnd", BURNER.toAbsolutePath().toString());
    }

    @Test
    void withoutTheAgentTheNativeCallAtTheEndOfTheStackCrashesTheJvm() throws Exception {
        ChildJvm.Result r = run(ChildJvm.withoutAgent());

        assertThat(r.exitCode).as(r.toString()).isNotZero();
        assertThat(r.stdout).doesNotContain("done");
    }

    @Test
    void underThrowTheNativeCallIsRefusedBeforeItsCFramesRunAndTheJvmCarriesOn() throws Exception {
        Path log = ChildJvm.eventLog("native-call");
        ChildJvm.Result r = run(ChildJvm.withAgent(INCLUDE + ",action=throw,eventLog=" + log));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).containsPattern("stopped at level \\d+ by io.stackwatch.core.StackDepthExceededError")
                .contains("done");
        EventLog events = EventLog.read(log);
        assertThat(events.ofType("intercept")).as(events.toString()).hasSize(1);
        JsonNode intercept = events.ofType("intercept").get(0);
        assertThat(intercept.get("method").asText()).isEqualTo("testapps.NativeCallAtStackEnd$Caller#callNative");
        assertThat(intercept.get("depth").asInt()).as("one instrumented frame").isEqualTo(1);
        assertThat(intercept.get("frames").asInt()).as("thousands of real ones").isGreaterThan(1000);
        assertThat(intercept.get("measured").asBoolean()).isTrue();
        assertThat(intercept.get("ratio").asDouble()).isBetween(0.9, 0.95);
        assertThat(events.typesOf("native-caller")).as("one warning, not one per call").containsOnlyOnce("warn");
    }

    @Test
    void withoutNativeReadingsTheAgentCannotSeeTheUnseenFramesAndTheJvmCrashes() throws Exception {
        ChildJvm.Result r = run(ChildJvm.withAgent(INCLUDE + ",action=throw,native=off"));

        assertThat(r.exitCode).as("the reading in front of the call is what saves the JVM: " + r).isNotZero();
        assertThat(r.stdout).doesNotContain("done");
    }
}
