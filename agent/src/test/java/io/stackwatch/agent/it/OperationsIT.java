package io.stackwatch.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static io.stackwatch.agent.it.AttachIT.awaitEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The periodic checks and the task wrappers in a real child JVM: patrol, thread start rate, stack in use, watermarks. */
class OperationsIT {

    @Test
    void patrolWarnsOnceAboutADeepUninstrumentedThreadWithItsCycleAndOriginAndAgainOnANewExcursion() throws Exception {
        Path events = ChildJvm.eventLog("patrol");
        // OpsHost itself is not instrumented: the patrol must find the deep thread from its real frames alone.
        try (RunningJvm host = RunningJvm.start("exclude=testapps.**,patrol=300ms,patrolDepth=1500,prometheus=0,eventLog=" + events,
                List.of(), "testapps.OpsHost")) {
            host.send("hold 2500", "holding 2500");
            JsonNode p = awaitEvent(events, "patrol", 1);
            assertEquals("holder", p.get("thread").asText());
            assertEquals("patrolDepth", p.get("reason").asText());
            assertEquals(1500, p.get("limit").asInt());
            assertFalse(p.get("tracked").asBoolean(), p.toString());
            assertTrue(p.get("frames").asInt() > 2500 && p.get("framesComplete").asBoolean(), p.toString());
            assertEquals("testapps.OpsHost#hold", p.get("cycle").get(0).asText());
            assertTrue(p.get("origin").get(0).asText().startsWith("testapps.OpsHost#lambda$main$"), p.toString());
            host.awaitStderr(Pattern.compile("WARN  patrol: thread \"holder\" \\(id \\d+\\) has \\d+ real frames \\(over patrolDepth 1500\\), not instrumented"));

            Thread.sleep(1500);
            assertEquals(1, EventLog.read(events).ofType("patrol").size(), "one warning per excursion");

            host.send("release", "released");
            Thread.sleep(1000);
            host.send("hold 2000", "holding 2000");
            assertEquals("holder", awaitEvent(events, "patrol", 2).get("thread").asText());
            String metrics = AttachIT.get(AttachIT.endpoint(host, 1).resolve("/metrics"));
            assertTrue(metrics.contains("\nstackwatch_patrol_warnings_total 2.0\n"), metrics);
            assertTrue(Pattern.compile("\nstackwatch_patrol_deepest_frames 20\\d\\d\\.0\n").matcher(metrics).find(), metrics);
        }
    }

    @Test
    void threadStartsFasterThanThreadRateAreReportedAndWithRejectRefusedUntilTheRateFallsBack() throws Exception {
        Path events = ChildJvm.eventLog("thread-rate");
        try (RunningJvm host = RunningJvm.start("threadRate=50,threadRateWindow=4s,threadRateAction=reject,eventLog=" + events,
                List.of(), "testapps.OpsHost")) {
            assertTrue(host.send("threads 20", "started").startsWith("started 20 refused 0"));
            host.send("threads 3000", "started");
            JsonNode alarm = awaitEvent(events, "thread-rate", 1);
            assertTrue(alarm.get("rate").asDouble() > 50, alarm.toString());
            assertTrue(alarm.get("rejecting").asBoolean(), alarm.toString());
            host.awaitStderr(Pattern.compile("WARN  thread start rate: \\d+ platform threads started per second over the last 4s, "
                    + "over threadRate=50; refusing new platform threads"));

            String refused = host.send("threads 10", "started");
            assertTrue(refused.startsWith("started 0 refused 10 io.stackwatch.core.threads.ThreadStartRefusedException: "
                    + "stackwatch refused to start thread \"burst-9\": "), refused);
            assertTrue(refused.endsWith("(threadRateAction=reject; the thread was not started)"), refused);

            JsonNode ok = awaitEvent(events, "thread-rate-ok", 1);
            assertTrue(ok.get("rate").asDouble() <= 50, ok.toString());
            assertTrue(host.send("threads 5", "started").startsWith("started 5 refused 0"));
            host.send("walk 10", "walked 10");
        }
    }

    @Test
    void stackInUseAboveTheLineForAWindowWarnsWithTheModelsSumAndNativeMemoryTrackingsCommittedStacks() throws Exception {
        Path events = ChildJvm.eventLog("stack-inuse");
        // Committed stacks are above the line from the start: the warning must still wait for the window.
        long started = System.nanoTime();
        try (RunningJvm host = RunningJvm.start("stackInuse=256k,stackInuseWindow=4s,eventLog=" + events,
                List.of("-XX:NativeMemoryTracking=summary"), "testapps.OpsHost")) {
            host.send("hold 3000", "holding 3000");
            JsonNode e = awaitEvent(events, "stack-inuse", 1);
            assertTrue(System.nanoTime() - started >= 4_000_000_000L, "only after the window");
            assertEquals(4000, e.get("windowMillis").asLong());
            assertEquals(256 * 1024, e.get("limit").asLong());
            // The holder's 3,000 instrumented frames grew its Go stack well past the line.
            assertTrue(e.get("modelBytes").asLong() >= 256 * 1024, e.toString());
            assertTrue(e.get("trackedThreads").asInt() >= 1, e.toString());
            assertTrue(e.get("nmtCommittedBytes").asLong() > 64 * 1024, e.toString());
            host.awaitStderr(Pattern.compile("WARN  stack in use: \\d+ bytes of .* for over 4s, above stackInuse=262144"));
            Thread.sleep(1500);
            assertEquals(1, EventLog.read(events).ofType("stack-inuse").size(), "one warning while it stays above");
        }
    }

    @Test
    void aWrappedExecutorRecordsEachTasksWatermarkAndWarnsAboutTheTaskThatCrossesItsLine() throws Exception {
        Path events = ChildJvm.eventLog("tasks");
        try (RunningJvm host = RunningJvm.start("eventLog=" + events + ",prometheus=0", List.of(), "testapps.OpsHost")) {
            String shallow = host.send("task 100", "task 100");
            assertTrue(shallow.contains("tasks=1 crossings=0"), shallow);
            String deep = host.send("task 4000", "task 4000");
            assertTrue(deep.contains("tasks=2 crossings=1"), deep);
            long peakDepth = Long.parseLong(deep.replaceAll(".*maxPeakDepth=(\\d+).*", "$1"));
            // walk(4000) is 4,001 instrumented frames; the watermark sees them within its 4 KiB step.
            assertTrue(peakDepth > 3900 && peakDepth <= 4001, deep);

            JsonNode t = awaitEvent(events, "task", 1);
            assertEquals("task-worker", t.get("thread").asText());
            assertEquals("testapps.OpsHost (lambda)", t.get("method").asText());
            assertEquals("taskWarnAt", t.get("reason").asText());
            assertEquals(peakDepth, t.get("depth").asLong());
            assertTrue(t.get("ratio").asDouble() >= 0.3 && t.get("ratio").asDouble() < 1, t.toString());
            assertTrue(t.get("goGrowths").asLong() > 0, t.toString());
            host.awaitStderr(Pattern.compile("WARN  task testapps.OpsHost \\(lambda\\) on thread \"task-worker\" \\(id \\d+\\) reached \\d+% of its stack at its peak"));
            assertEquals(1, EventLog.read(events).ofType("task").size());

            // The figures reach the metrics.
            String metrics = AttachIT.get(AttachIT.endpoint(host, 1).resolve("/metrics"));
            assertTrue(metrics.contains("\nstackwatch_tasks_total 2.0\n"), metrics);
            assertTrue(metrics.contains("\nstackwatch_tasks_over_total 1.0\n"), metrics);
            assertTrue(Pattern.compile("\nstackwatch_task_peak_max_bytes [1-9]").matcher(metrics).find(), metrics);
            // Features that are off export nothing: no patrol, no refusing breaker here.
            assertFalse(metrics.contains("stackwatch_threads_refused_total"), metrics);
            assertFalse(metrics.contains("stackwatch_patrol_"), metrics);
            assertFalse(metrics.contains("stackwatch_nmt_"), metrics);
        }
    }
}
