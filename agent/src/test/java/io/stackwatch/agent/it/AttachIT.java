package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code attach}, {@code detach} and {@code report} against a real running JVM. */
class AttachIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void attachInstrumentsLoadedClassesRefusesASecondAttachAndDetachRemovesEverythingSoThatReattachWorks() throws Exception {
        Path events = ChildJvm.eventLog("attach");
        try (RunningJvm host = RunningJvm.start(null, List.of(), "testapps.OpsHost")) {
            // The recursion's class is loaded and has run before the agent arrives.
            host.send("walk 100", "walked 100");

            ChildJvm.Result attach = RunningJvm.cli("attach", Long.toString(host.pid), "eventLog=" + events + ",prometheus=0");
            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stdout.startsWith("stackwatch attached to pid " + host.pid + ": "), attach.toString());

            // Deep enough to cross warnAt whatever the JIT makes of the frames (it overflows at the end).
            host.send("walk 100000", "walked overflow");
            JsonNode warn = awaitEvent(events, "warn", 1);
            assertEquals("walker", warn.get("thread").asText());
            assertEquals("testapps.OpsHost#walk", warn.get("cycle").get(0).asText());

            ChildJvm.Result again = RunningJvm.cli("attach", Long.toString(host.pid));
            assertEquals(1, again.exitCode, again.toString());
            assertTrue(again.stderr.startsWith("stackwatch: already attached to pid " + host.pid), again.toString());
            assertEquals(1, again.stderr.strip().lines().count(), again.toString());

            URI page = endpoint(host, 1).resolve("/stackwatch");
            assertTrue(get(page).startsWith("stackwatch report at "));

            ChildJvm.Result detach = RunningJvm.cli("detach", Long.toString(host.pid));
            assertEquals(0, detach.exitCode, detach.toString());
            assertThrows(IOException.class, () -> get(page), "the metrics endpoint stopped");
            // OpsHost, and the JDK's own recursion sites the default watches.
            assertTrue(detach.stdout.matches("(?s).*instrumentation removed from [1-9][0-9]* classes.*"), detach.toString());

            // No advice is left: a walk past warnAt writes nothing, and the event log is closed.
            long warnsBefore = EventLog.read(events).ofType("warn").size();
            host.send("walk 100000", "walked overflow");
            Thread.sleep(1500);
            assertEquals(warnsBefore, EventLog.read(events).ofType("warn").size());
            ChildJvm.Result report = RunningJvm.cli("report", Long.toString(host.pid));
            assertEquals(1, report.exitCode, report.toString());
            assertTrue(report.stderr.contains("not running in pid " + host.pid), report.toString());

            // Attach again: a fresh agent, instrumenting again, with exactly one set of its threads.
            Path events2 = ChildJvm.eventLog("reattach");
            ChildJvm.Result reattach = RunningJvm.cli("attach", Long.toString(host.pid), "eventLog=" + events2 + ",prometheus=0");
            assertEquals(0, reattach.exitCode, reattach.toString());
            // The second agent registers its MBeans and serves its endpoint again: nothing of the first is left.
            assertTrue(get(endpoint(host, 2).resolve("/stackwatch.json")).startsWith("{\"ts\":"));
            assertFalse(host.stderr().contains("cannot register"), host.stderr());
            host.send("walk 100000", "walked overflow");
            assertEquals("walker", awaitEvent(events2, "warn", 1).get("thread").asText());
            JsonNode threads = JSON.readTree(RunningJvm.cli("report", Long.toString(host.pid), "--json").stdout).get("threads");
            List<String> ours = new ArrayList<>();
            threads.forEach(t -> {
                if (t.get("thread").asText().startsWith("stackwatch-")) {
                    ours.add(t.get("thread").asText());
                }
            });
            ours.sort(null);
            // The endpoint's page builders live only while pages are asked for (30 s idle): there may be one of each.
            List<String> lasting = new ArrayList<>(ours);
            lasting.removeAll(List.of("stackwatch-http-metrics", "stackwatch-http-report"));
            assertEquals(List.of("stackwatch-checks", "stackwatch-events", "stackwatch-http", "stackwatch-learner", "stackwatch-metrics"), lasting);
            assertEquals(ours.size(), ours.stream().distinct().count(), ours.toString());
        }
    }

    @Test
    void reattachWithLimitsAppliesThemToAThreadTrackedBeforeAndNeverThrowsAnAgentErrorIntoTheHost() throws Exception {
        try (RunningJvm host = RunningJvm.start(null, List.of(), "testapps.OpsHost")) {
            ChildJvm.Result attach = RunningJvm.cli("attach", Long.toString(host.pid));
            assertEquals(0, attach.exitCode, attach.toString());
            // The pooled thread is tracked under the first agent's policy, which has no limits.
            assertEquals("pooled 100", host.send("pooled 100", "pooled "));
            assertEquals(0, RunningJvm.cli("detach", Long.toString(host.pid)).exitCode);

            ChildJvm.Result again = RunningJvm.cli("attach", Long.toString(host.pid),
                    "limits=testapps.OpsHost#walk=1000,action=throw");
            assertEquals(0, again.exitCode, again.toString());
            // The same thread under the new policy: calls below the limit run as before...
            assertEquals("pooled 500", host.send("pooled 500", "pooled "));
            // ...and the new limit stops the one that goes past it, with the agent's own error.
            String stopped = host.send("pooled 2000", "pooled ");
            assertTrue(stopped.startsWith("pooled failed io.stackwatch.core.StackDepthExceededError"), stopped);
            assertTrue(stopped.contains("limit"), stopped);
            assertEquals("pooled 900", host.send("pooled 900", "pooled "));
            assertFalse(host.stderr().contains("internal failure"), host.stderr());
        }
    }

    @Test
    void reportListsEveryThreadRiskiestFirstWithTheDeepThreadsCycleAndOrigin() throws Exception {
        try (RunningJvm host = RunningJvm.start("", List.of(), "testapps.OpsHost")) {
            host.send("hold 3000", "holding 3000");
            ChildJvm.Result text = awaitReport(host);
            assertEquals(0, text.exitCode, text.toString());
            List<String> lines = text.stdout.lines().toList();
            assertTrue(lines.get(0).startsWith("stackwatch report at "), text.stdout);
            // The deepest thread comes first, with its real frames and the recursion in them.
            assertTrue(lines.get(2).contains("\"holder\"") && lines.get(2).contains("real frames"), text.stdout);
            assertTrue(lines.get(3).contains("cycle: testapps.OpsHost#hold (x"), text.stdout);
            assertTrue(lines.get(4).contains("origin: testapps.OpsHost#lambda$main$"), text.stdout);
            assertTrue(text.stdout.contains("\"main\""), text.stdout);

            JsonNode json = JSON.readTree(RunningJvm.cli("report", Long.toString(host.pid), "--json").stdout);
            JsonNode first = json.get("threads").get(0);
            assertEquals("holder", first.get("thread").asText());
            assertTrue(first.get("frames").asInt() > 3000, first.toString());
            assertTrue(first.get("framesComplete").asBoolean());
            assertTrue(first.get("cycleRounds").asInt() > 2900, first.toString());
            assertEquals(json.get("threadCount").asInt(), json.get("threads").size());
            // hold is a recursion the agent instruments: the tracker's figures and the Go model's come with it.
            assertTrue(first.get("tracked").asBoolean(), first.toString());
            // The depth of a cycle whose depth travels in a parameter is seen to its last checkpoint.
            assertTrue(first.get("depth").asInt() >= 3000 - 64, first.toString());
            assertTrue(first.get("stackBytes").asLong() > 0 && first.get("capacityBytes").asLong() > first.get("stackBytes").asLong(),
                    first.toString());
            assertTrue(first.get("goStackSize").asLong() > 8192 && first.get("goGrowths").asLong() > 0, first.toString());
        }
    }

    @Test
    void aPidThatIsNotAJvmIsRefusedInOneLineWithoutBeingSignalled() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "120").start();
        try {
            ChildJvm.Result r = RunningJvm.cli("attach", Long.toString(sleeper.pid()));
            assertEquals(1, r.exitCode, r.toString());
            assertEquals("stackwatch: pid " + sleeper.pid() + " (" + sleeper.info().command().orElse("?")
                    + ") is not a JVM that accepts attach (only a HotSpot JVM run by the same user can be attached)", r.stderr.strip());
            // The Attach API would have sent SIGQUIT, which ends a process that is not a JVM.
            assertFalse(sleeper.waitFor(1, TimeUnit.SECONDS), "the process was ended");
        } finally {
            sleeper.destroyForcibly();
        }
        ChildJvm.Result gone = RunningJvm.cli("report", "999999999");
        assertEquals(1, gone.exitCode, gone.toString());
        assertEquals("stackwatch: no process with pid 999999999", gone.stderr.strip());
        // Usage errors, every one exit 2.
        for (String command : List.of("attach", "detach", "report")) {
            ChildJvm.Result notPid = RunningJvm.cli(command, "abc");
            assertEquals(2, notPid.exitCode, notPid.toString());
            assertTrue(notPid.stderr.strip().startsWith("stackwatch: \"abc\" is not a process id; usage: java -jar stackwatch-agent.jar "
                    + command + " <pid>"), notPid.toString());
        }
        for (List<String> args : List.of(List.of("attach"), List.of("detach"), List.of("report"), List.of("report", "1", "--xml"),
                List.of("list", "x"), List.of("--version", "x"), List.of("nonsense"))) {
            ChildJvm.Result usage = RunningJvm.cli(args.toArray(new String[0]));
            assertEquals(2, usage.exitCode, usage.toString());
        }
    }

    @Test
    void versionHelpAndListAnswerAsAUserExpects() throws Exception {
        ChildJvm.Result version = RunningJvm.cli("--version");
        assertEquals(0, version.exitCode, version.toString());
        assertTrue(version.stdout.strip().matches("stackwatch \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version.toString());

        ChildJvm.Result help = RunningJvm.cli("help");
        assertEquals(0, help.exitCode, help.toString());
        for (io.stackwatch.agent.config.ConfigKey<?> k : io.stackwatch.agent.config.ConfigKey.all()) {
            assertTrue(help.stdout.contains("\n  " + k.key() + " "), k.key() + " in\n" + help.stdout);
        }

        try (RunningJvm plain = RunningJvm.start(null, List.of(), "testapps.OpsHost");
             RunningJvm watched = RunningJvm.start("", List.of(), "testapps.OpsHost")) {
            ChildJvm.Result list = RunningJvm.cli("list");
            assertEquals(0, list.exitCode, list.toString());
            assertTrue(list.stdout.lines().anyMatch(l -> l.matches(plain.pid + " +- +testapps\\.OpsHost")), list.toString());
            assertTrue(list.stdout.lines().anyMatch(l -> l.matches(watched.pid + " +attached +testapps\\.OpsHost")), list.toString());
        }
    }

    @Test
    void attachPrintsBackTheTargetsProblemsAndTheEndpointItServes() throws Exception {
        try (RunningJvm host = RunningJvm.start(null, List.of(), "testapps.OpsHost")) {
            ChildJvm.Result attach = RunningJvm.cli("attach", Long.toString(host.pid), "prometheus=0,wranAt=0.5");
            assertEquals(0, attach.exitCode, attach.toString());
            assertTrue(attach.stderr.contains("ignoring unknown key \"wranAt\" (agent argument); did you mean warnAt?"), attach.toString());
            assertTrue(attach.stdout.lines().anyMatch(l -> l.matches("metrics at http://127\\.0\\.0\\.1:\\d+/metrics")), attach.toString());
            RunningJvm.cli("detach", Long.toString(host.pid));
        }
    }

    @Test
    void aJvmThatForbidsAttachIsRefusedInOneLine() throws Exception {
        try (RunningJvm host = RunningJvm.start(null, List.of("-XX:+DisableAttachMechanism"), "testapps.OpsHost")) {
            long start = System.nanoTime();
            ChildJvm.Result r = RunningJvm.cli("attach", Long.toString(host.pid));
            assertEquals(1, r.exitCode, r.toString());
            assertTrue(r.stderr.strip().endsWith("is a JVM that does not accept attach: started with "
                    + "-XX:+DisableAttachMechanism or -XX:-UsePerfData, or run by another user"), r.toString());
            assertEquals(1, r.stderr.strip().lines().count(), r.toString());
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 8, "refused without waiting for a timeout");
            host.send("walk 10", "walked 10");
        }
    }

    /** The metrics endpoint of the {@code n}th agent started in the host, from its "serving" line. */
    static URI endpoint(RunningJvm host, int n) throws Exception {
        Pattern serving = Pattern.compile("serving Prometheus metrics at (http://\\S+)/metrics");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Matcher m = serving.matcher(host.stderr());
            int found = 0;
            while (m.find()) {
                if (++found == n) {
                    return URI.create(m.group(1) + "/");
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no endpoint #" + n + ":\n" + host.stderr());
    }

    static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static ChildJvm.Result awaitReport(RunningJvm host) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        ChildJvm.Result r;
        do {
            r = RunningJvm.cli("report", Long.toString(host.pid));
            if (r.exitCode == 0) {
                return r;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        return r;
    }

    static JsonNode awaitEvent(Path log, String type, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                List<JsonNode> of = EventLog.read(log).ofType(type);
                if (of.size() >= count) {
                    return of.get(count - 1);
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no " + type + " event #" + count + " in " + log + ": "
                + (Files.exists(log) ? Files.readString(log) : "(no file)"));
    }
}
