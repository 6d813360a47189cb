package io.stackwatch.agent.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files the agent opens ({@code eventLog=}, {@code config=}) as an unlucky operator or another
 * user on the machine may leave them: a FIFO whose open blocks until someone reads it, a symbolic
 * link planted by another user in a shared directory, a log that cannot grow, directories that do
 * not exist yet. The host always runs to its end, and each problem is one line.
 */
class AgentFilesIT {

    private static Path fifo(String name) throws Exception {
        Path dir = Files.createDirectories(ChildJvm.OUTPUT.resolve("fifos").toAbsolutePath());
        Path fifo = dir.resolve(name + "-" + System.nanoTime());
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is available here");
        return fifo;
    }

    @Test
    void aFifoAsEventLogIsRefusedInOneLineAndTheHostRuns() throws Exception {
        Path fifo = fifo("events");

        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + fifo).timeoutSeconds(60).run("testapps.Runaway", "platform", "0", "1");

        AgentFaultsIT.assertHostRanAndAgentStillWarned(r);
        assertThat(AgentFaultsIT.linesWith(r, "eventLog=")).as(r.toString()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("cannot open eventLog=" + fifo).contains("not a regular file")
                        .contains("events are still logged as warnings"));
    }

    @Test
    void aFifoAsConfigFileIsRefusedInOneLineAndTheOtherSourcesApply() throws Exception {
        Path fifo = fifo("config");

        ChildJvm.Result r = ChildJvm.withAgent("config=" + fifo + ",action=throw").timeoutSeconds(60)
                .run("testapps.Runaway", "platform", "0", "1");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(AgentFaultsIT.linesWith(r, "config=")).as(r.toString()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("cannot read config=" + fifo).contains("not a regular file"));
        assertThat(r.stdout).as(r.toString()).contains("overflow io.stackwatch.core.StackDepthExceededError").contains("done");
    }

    @Test
    void attachWithAFifoAsEventLogDoesNotHang() throws Exception {
        Path fifo = fifo("attach-events");
        try (RunningJvm host = RunningJvm.start(null, List.of(), "testapps.OpsHost")) {
            ChildJvm.Result attach = RunningJvm.cli("attach", Long.toString(host.pid), "eventLog=" + fifo);
            assertThat(attach.exitCode).as(attach.toString()).isZero();
            assertThat(host.send("walk 100", "walked ")).isEqualTo("walked 100");
            host.awaitStderr(java.util.regex.Pattern.compile("cannot open eventLog=" + java.util.regex.Pattern.quote(fifo.toString())
                    + " \\(not a regular file"));
        }
    }

    @Test
    void anEventLogSymlinkPlantedByAnotherUserIsRefusedAndItsTargetUntouched() throws Exception {
        Path shared = Files.createDirectories(ChildJvm.OUTPUT.resolve("shared-" + System.nanoTime()).toAbsolutePath());
        Path secret = Files.writeString(shared.resolve("root-only.txt"), "nobody else writes here\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(shared.resolve("events.jsonl"), secret);
        Process chown = new ProcessBuilder("chown", "-h", "nobody", link.toString()).redirectErrorStream(true).start();
        Assumptions.assumeTrue(chown.waitFor(10, TimeUnit.SECONDS) && chown.exitValue() == 0,
                "the test can give a link to another user (it runs as root)");
        assertThat(Files.getOwner(link, LinkOption.NOFOLLOW_LINKS).getName()).isNotEqualTo(System.getProperty("user.name"));

        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + link).run("testapps.Runaway", "platform", "0", "1");

        AgentFaultsIT.assertHostRanAndAgentStillWarned(r);
        assertThat(Files.readString(secret)).isEqualTo("nobody else writes here\n");
        assertThat(AgentFaultsIT.linesWith(r, "eventLog=")).as(r.toString()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("cannot open eventLog=" + link)
                        .contains("a symbolic link owned by nobody"));
    }

    @Test
    void anEventLogSymlinkOfTheUsersOwnIsFollowed() throws Exception {
        Path dir = Files.createDirectories(ChildJvm.OUTPUT.resolve("own-link-" + System.nanoTime()).toAbsolutePath());
        Path target = dir.resolve("real-events.jsonl");
        Path link = Files.createSymbolicLink(dir.resolve("events.jsonl"), target);

        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + link).run("testapps.Runaway", "platform", "0", "1");

        AgentFaultsIT.assertHostRanAndAgentStillWarned(r);
        assertThat(EventLog.read(target).ofType("warn")).as(r.toString()).hasSize(1);
    }

    @Test
    void theEventLogAndItsMissingDirectoriesAreCreatedForTheOwnerOnly() throws Exception {
        Path base = Files.createDirectories(ChildJvm.OUTPUT.resolve("private-" + System.nanoTime()).toAbsolutePath());
        Path log = base.resolve("a").resolve("b").resolve("events.jsonl");

        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).run("testapps.Runaway", "platform", "0", "1");

        AgentFaultsIT.assertHostRanAndAgentStillWarned(r);
        assertThat(EventLog.read(log).ofType("warn")).hasSize(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent().getParent()))).isEqualTo("rwx------");
    }

    @Test
    void twoJvmsAppendingLongLinesToOneLogLeaveEveryLineWhole() throws Exception {
        Path log = ChildJvm.eventLog("shared-log");
        // Thread names of 20,000 characters make every event line longer than any write buffer.
        try (ChildJvm.Running a = ChildJvm.withAgent("eventLog=" + log + ",maxDepth=10").start("testapps.LongLines", "20000", "40");
             ChildJvm.Running b = ChildJvm.withAgent("eventLog=" + log + ",maxDepth=10").start("testapps.LongLines", "20000", "40")) {
            assertThat(a.process.waitFor(120, TimeUnit.SECONDS)).as(a.toString()).isTrue();
            assertThat(b.process.waitFor(120, TimeUnit.SECONDS)).as(b.toString()).isTrue();
            assertThat(a.process.exitValue()).as(a.toString()).isZero();
            assertThat(b.process.exitValue()).as(b.toString()).isZero();
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2 * 40);
        // Every line parses as one JSON object: no line was cut into by the other JVM's.
        assertThat(EventLog.read(log).ofType("warn")).hasSize(2 * 40);
    }

    @Test
    void aHugeConfigFileIsNotReadAndManyBadKeysAreAFewLines() throws Exception {
        Path dir = Files.createDirectories(ChildJvm.OUTPUT.resolve("configs").toAbsolutePath());
        StringBuilder unknown = new StringBuilder();
        for (int i = 0; unknown.length() < 2 * 1024 * 1024; i++) {
            unknown.append("unknownKey").append(i).append("=1\n");
        }
        Path huge = Files.writeString(dir.resolve("huge-" + System.nanoTime() + ".properties"), unknown);
        Path many = Files.writeString(dir.resolve("many-" + System.nanoTime() + ".properties"),
                unknown.substring(0, 400_000) + "\nwarnAt=0.6\n");

        ChildJvm.Result r = ChildJvm.withAgent("config=" + huge).run("testapps.Runaway", "platform", "0", "1");
        AgentFaultsIT.assertHostRanAndAgentStillWarned(r);
        assertThat(r.stderrLines()).as(r.toString()).filteredOn(l -> l.startsWith("stackwatch: ")).singleElement()
                .satisfies(l -> assertThat(l).contains("cannot read config=" + huge).contains("bytes, more than"));

        ChildJvm.Result m = ChildJvm.withAgent("config=" + many).run("testapps.Runaway", "platform", "0", "1");
        AgentFaultsIT.assertHostRanAndAgentStillWarned(m);
        List<String> problems = m.stderrLines().stream().filter(l -> l.startsWith("stackwatch: ")).collect(Collectors.toList());
        assertThat(problems).as(m.toString()).hasSize(21);
        assertThat(problems.get(20)).matches("stackwatch: \\d+ more configuration problems not shown .*");
        assertThat(m.stderr).as("the good key still applies").contains("warnAt=0.6");
    }

    @Test
    void anEventLogThatCannotGrowIsOneLineAndWarningsContinue() throws Exception {
        Path log = ChildJvm.eventLog("cannot-grow");
        // Already at the file size limit the child runs under: its first append fails (EFBIG).
        Files.write(log, new byte[1024 * 1024]);

        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).fileSizeLimitKiB(1024).run("testapps.Runaway", "platform", "0", "2");

        AgentFaultsIT.assertHostRanAndAgentStillWarned(r);
        assertThat(AgentFaultsIT.linesWith(r, "eventLog")).as(r.toString()).hasSize(1)
                .allSatisfy(l -> assertThat(l).contains("writing eventLog=" + log + " failed").contains("File too large")
                        .contains("warnings continue"));
        // Both rounds' overflows are still reported after the log gave up.
        assertThat(AgentFaultsIT.linesWith(r, "WARN  StackOverflowError on thread \"runaway-platform\"")).as(r.toString()).hasSize(2);
    }
}
