package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** select=scan:<file>: the agent instruments what a scan report names, across classes and packages. */
class ScanSelectIT {

    private static Path report() throws Exception {
        Files.createDirectories(ChildJvm.OUTPUT);
        Path report = Files.createTempFile(ChildJvm.OUTPUT, "ping-pong-", ".json");
        ChildJvm.Result r = ScanCli.run("--quiet", "--out", report.toString(), ChildJvm.TEST_CLASSES.resolve("testapps/scan").toString());
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("testapps.scan.ping.Ping#ping(long, long[])", "testapps.scan.pong.Pong#pong(long, long[])",
                "=select=scan:" + report.toAbsolutePath());
        return report;
    }

    @Test
    void aCycleAcrossTwoPackagesIsInstrumentedFromTheScanReportAndWarnedAboutBeforeTheOverflow() throws Exception {
        Path report = report();
        Path log = ChildJvm.eventLog("ping-pong");
        ChildJvm.Result r = ChildJvm.withAgent("select=scan:" + report + ",eventLog=" + log).run("testapps.scan.ping.Ping");

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("overflow java.lang.StackOverflowError", "done");
        assertThat(r.stderr).as(r.toString()).contains("select=scan:" + report + " (2 methods of 1 recursions)");
        EventLog events = EventLog.read(log);
        assertThat(events.typesOf("ping-pong")).as(events.toString()).contains("warn", "overflow");
        JsonNode warn = events.ofType("warn").get(0);
        assertThat(warn.get("cycle").toString()).isIn("[\"testapps.scan.ping.Ping#ping\",\"testapps.scan.pong.Pong#pong\"]",
                "[\"testapps.scan.pong.Pong#pong\",\"testapps.scan.ping.Ping#ping\"]");
        assertThat(warn.get("origin").get(0).asText()).startsWith("testapps.scan.ping.Ping#lambda$main$");
    }

    @Test
    void withoutAReportTheDefaultSelectionSeesTheCycleAcrossPackagesToo() throws Exception {
        Path log = ChildJvm.eventLog("ping-pong-recursive");
        ChildJvm.Result r = ChildJvm.withAgent("eventLog=" + log).run("testapps.scan.ping.Ping");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("overflow java.lang.StackOverflowError", "done");
        EventLog events = EventLog.read(log);
        assertThat(events.typesOf("ping-pong")).as(events.toString()).containsSubsequence("warn", "overflow");
    }

    @Test
    void aReportThatCannotBeReadIsOneLineAndTheProgramRunsWithTheDefaultSelection() throws Exception {
        Path missing = ChildJvm.OUTPUT.resolve("no-such-scan.json").toAbsolutePath();
        ChildJvm.Result r = ChildJvm.withAgent("select=scan:" + missing).run("testapps.scan.ping.Ping");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).contains("done");
        assertThat(r.stderr.lines().filter(l -> l.startsWith("stackwatch: "))).as(r.toString()).singleElement()
                .isEqualTo("stackwatch: ignoring select=\"scan:" + missing + "\" from agent arguments: cannot read " + missing
                        + " (NoSuchFileException: " + missing + "); expected 'recursive', 'all' or 'scan:<file>' "
                        + "(a report written by scan --json or --out); using recursive");
        assertThat(r.stderr).contains("select=recursive");
    }
}
