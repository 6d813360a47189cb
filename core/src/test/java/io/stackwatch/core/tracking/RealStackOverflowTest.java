package io.stackwatch.core.tracking;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real {@link StackOverflowError} through emulated advice, in a separate JVM: the event queue is
 * global, and a cold path that runs at the very end of a thread's stack can break it for every
 * thread (see {@link #eventQueueStaysUsableAfterAnOverflowAtTheEndOfTheStack()}).
 */
class RealStackOverflowTest {

    private static final Map<String, String> RESULT = new HashMap<>();
    private static String output;

    @BeforeAll
    static void runScenarioInItsOwnJvm() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = location(Tracker.class) + File.pathSeparator + location(RealOverflowScenario.class);
        Path out = Files.createTempFile("stackwatch-real-overflow", ".txt");
        try {
            Process p = new ProcessBuilder(java, "-cp", classPath, RealOverflowScenario.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("scenario JVM did not finish");
            }
            output = new String(Files.readAllBytes(out), StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
        for (String line : output.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).matches("[A-Za-z]+")) {
                RESULT.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    private static String location(Class<?> c) throws Exception {
        return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void everyTrialOverflowsAndCountsBackToZero() {
        assertThat(RESULT).as(output).doesNotContainKey("hungTrial");
        String trials = String.valueOf(RealOverflowScenario.TRIALS);
        assertThat(RESULT).as(output).containsEntry("trials", trials);
        assertThat(RESULT).as(output).containsEntry("caught", trials);
        assertThat(RESULT).as("depth and bytes back to 0 after the unwind\n" + output)
                .containsEntry("backToZero", trials);
        assertThat(RESULT).as("one overflow counted per thread\n" + output).containsEntry("overflows", trials);
        assertThat(RESULT).as(output).containsEntry("warnings", trials);
    }

    /*
     * Regression guard for a bug found while writing these tests (fixed in core concurrently, by the
     * lock-free EventQueue): when a real StackOverflowError unwinds through the innermost
     * instrumented frame, ColdPath.exit emits the OVERFLOW event with almost no stack left. With
     * EventQueue backed by ArrayBlockingQueue, the overflow could strike inside offer() after its
     * ReentrantLock was taken (HotSpot: "Potentially dangerous stack overflow in ReservedStackAccess
     * annotated method ReentrantLock$Sync.lock()"), leaving the global lock held for good: every later
     * cold-path event on any thread blocked forever in lock(), and the reader blocked in poll().
     * It reproduced on the first trial on JDK 17; with the old queue this test reports hungTrial.
     */
    @Test
    void eventQueueStaysUsableAfterOverflowsAtTheEndOfTheStack() {
        assertThat(RESULT).as(output).doesNotContainKey("hungTrial");
        assertThat(RESULT).as(output).containsEntry("queueUsable", "true");
        assertThat(RESULT).as("another thread's WARN must not block\n" + output)
                .containsEntry("otherThreadWarnCompletes", "true");
    }

    @Test
    void eachThreadWarnsBeforeItOverflows() {
        assumeTrue("true".equals(RESULT.get("queueUsable")), "event queue unusable (see the queue test)");
        String[] perTrial = RESULT.get("events").split(";", -1);
        assertThat(perTrial).hasSize(RealOverflowScenario.TRIALS);
        for (int k = 0; k < perTrial.length; k++) {
            List<String> events = Arrays.asList(perTrial[k].split(","));
            // 10-byte frames, capacity 10,000: warnAt 0.7 is depth 700; the Go model (8 KiB,
            // max 10,000) would need 16 KiB at depth 730.
            assertThat(events).as("trial %d: %s", k, events).startsWith("WARN@700", "GO_OVERFLOW@730");
            assertThat(events.get(events.size() - 1)).as("trial %d", k).startsWith("OVERFLOW@");
        }
    }

    /*
     * One real StackOverflowError is one overflow. Its report may be queued more than once when the
     * stack runs out again right after a report landed (the tracker then retries one frame up), but
     * every copy carries the same episode number and the same depth, so the reader can drop repeats.
     */
    @Test
    void oneRealOverflowGivesExactlyOneOverflowEvent() {
        assumeTrue("true".equals(RESULT.get("queueUsable")), "event queue unusable (see the queue test)");
        String[] perTrial = RESULT.get("events").split(";", -1);
        List<String> duplicated = new ArrayList<>();
        for (int k = 0; k < perTrial.length; k++) {
            long distinct = Arrays.stream(perTrial[k].split(",")).filter(e -> e.startsWith("OVERFLOW@")).distinct().count();
            if (distinct != 1) {
                duplicated.add("trial " + k + ": " + perTrial[k]);
            }
        }
        assertThat(duplicated).as("trials whose thread did not get exactly one OVERFLOW event (of %d)",
                perTrial.length).isEmpty();
    }
}
