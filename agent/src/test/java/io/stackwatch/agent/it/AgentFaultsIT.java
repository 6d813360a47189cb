package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults in the agent's own parts: each gives one clear line on standard error, the host runs to
 * the end, and the rest of the agent keeps working (the runaway recursion is still warned about and
 * its accounting is still exact).
 */
class AgentFaultsIT {

    static void assertHostRanAndAgentStillWarned(ChildJvm.Result r) {
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("overflow java.lang.StackOverflowError").contains("trackerDepth=0")
                .contains("done");
        assertThat(r.stderr).as(r.toString()).contains("WARN  thread \"runaway-platform\"");
    }

    /** Lines on stderr with this text, leaving out the start-up line that repeats the whole configuration. */
    static List<String> linesWith(ChildJvm.Result r, String text) {
        return r.stderrLines().stream().filter(l -> l.contains(text) && !l.contains(" active in "))
                .collect(Collectors.toList());
    }

    @Test
    void eventLogUnderAFileIsOneLineAndWarningsContinue() throws Exception {
        Path notADirectory = ChildJvm.eventLog("not-a-directory");
        Files.writeString(notADirectory, "a file, not a directory");
        Path log = notADirectory.resolve("events.jsonl");

        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).run("testapps.Runaway", "platform", "0", "1");

        assertHostRanAndAgentStillWarned(r);
        assertThat(linesWith(r, "eventLog")).as(r.toString()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("ERROR").contains("cannot open eventLog=" + log)
                        .contains("events are still logged as warnings"));
    }

    @Test
    void classThatCannotBeTransformedRunsUnchangedWithOneLine() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").hostLibs().run("testapps.HugeMethodHost");

        assertHostRanAndAgentStillWarned(r);
        assertThat(r.stdout).as(r.toString()).contains("huge method ran: down(100)=100 trackerDepth=0");
        assertThat(linesWith(r, "gen.HugeRecursion")).as(r.toString()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("could not instrument gen.HugeRecursion")
                        .contains("runs unchanged, everything else goes on"));
    }

    @Test
    void unreadableConfigFileIsOneLineAndTheOtherSourcesApply() throws Exception {
        Path config = ChildJvm.eventLog("broken-config").resolveSibling("broken-config.properties");
        // A properties file with a malformed \\u escape cannot be read at all.
        Files.writeString(config, "warnAt=0.7\nexclude=\\uZZZZ\n", StandardCharsets.ISO_8859_1);

        ChildJvm.Result r = ChildJvm.withAgent("config=" + config + ",action=throw").run("testapps.Runaway", "platform", "0", "1");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(linesWith(r, "config=")).as(r.toString()).filteredOn(l -> l.contains("cannot read")).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("cannot read config=" + config).contains("Malformed")
                        .contains("the other sources still apply"));
        // action=throw from the agent arguments still applies: the runaway is stopped by the agent.
        assertThat(r.stdout).as(r.toString()).contains("overflow io.stackwatch.core.StackDepthExceededError").contains("done");
    }

    @Test
    void missingConfigFileIsOneLineAndTheHostRuns() throws Exception {
        Path config = ChildJvm.OUTPUT.resolve("no-such-dir").resolve("stackwatch.properties").toAbsolutePath();

        ChildJvm.Result r = ChildJvm.withAgent("config=" + config).run("testapps.Runaway", "platform", "0", "1");

        assertHostRanAndAgentStillWarned(r);
        assertThat(linesWith(r, "config=")).as(r.toString()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("cannot read config=" + config).contains("NoSuchFileException"));
    }

    @Test
    void configFileWithBadValuesNamesEachKeyAndKeepsTheGoodOnes() throws Exception {
        Path config = ChildJvm.eventLog("bad-values").resolveSibling("bad-values.properties");
        Files.writeString(config, "stackwatch.warnAt=1.5\ngo.initial=3000\nnoSuchKey=1\naction=throw\n");

        ChildJvm.Result r = ChildJvm.withAgent("config=" + config).run("testapps.Runaway", "platform", "0", "1");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(linesWith(r, "ignoring warnAt=\"1.5\" from config file")).as(r.toString()).hasSize(1);
        assertThat(linesWith(r, "ignoring go.initial=\"3000\" from config file")).as(r.toString()).hasSize(1);
        assertThat(linesWith(r, "ignoring unknown key \"noSuchKey\"")).as(r.toString()).hasSize(1);
        assertThat(r.stdout).as(r.toString()).contains("overflow io.stackwatch.core.StackDepthExceededError").contains("done");
    }

    @Test
    void metricsPortAlreadyTakenIsOneLineAndTheRestOfTheAgentWarns() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            ChildJvm.Result r = ChildJvm.withAgent("prometheus=" + address).run("testapps.Runaway", "platform", "0", "1");

            assertHostRanAndAgentStillWarned(r);
            assertThat(linesWith(r, "prometheus=" + address)).as(r.toString()).hasSize(1)
                    .allSatisfy(l -> assertThat(l).contains("cannot serve metrics"));
        }
    }
}
