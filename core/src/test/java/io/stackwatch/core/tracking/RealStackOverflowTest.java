package io.stackwatch.core.tracking;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
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
    void realRecursionOverflowsAndCountsBackToZero() {
        assertThat(RESULT).as(output).containsEntry("caught", "true");
        assertThat(RESULT).as(output).containsEntry("depth", "0").containsEntry("bytes", "0");
        assertThat(RESULT).as(output).containsEntry("overflows", "1");
        assertThat(RESULT).as(output).containsEntry("warnings", "1");
    }

    /*
     * BUG (core, EventQueue + ColdPath.exit): when a real StackOverflowError unwinds through the
     * innermost instrumented frame, ColdPath.exit emits the OVERFLOW event with almost no stack left.
     * EventQueue.offer goes through ArrayBlockingQueue, whose ReentrantLock can be acquired and then
     * never released when the overflow strikes inside offer (HotSpot prints "Potentially dangerous
     * stack overflow in ReservedStackAccess annotated method ReentrantLock$Sync.lock()"). The lock is
     * then held forever by a thread that has moved on (or died): every later EventQueue.offer on any
     * thread blocks in lock() — the instrumented host threads hang on their next cold-path event —
     * and the agent's reader blocks in poll(). Reproduces on the first run on JDK 17.
     */
    @Test
    void eventQueueStaysUsableAfterAnOverflowAtTheEndOfTheStack() {
        assertThat(RESULT).as(output).containsEntry("queueUsable", "true");
        assertThat(RESULT).as("another thread's WARN must not block\n" + output)
                .containsEntry("otherThreadWarnCompletes", "true");
    }

    @Test
    void warnComesBeforeTheSingleOverflowEvent() {
        assumeTrue("true".equals(RESULT.get("queueUsable")), "event queue unusable (see the BUG test)");
        List<String> events = Arrays.asList(RESULT.get("events").split(","));
        // 10-byte frames, capacity 10,000: warnAt 0.7 is depth 700.
        assertThat(events).as(output).contains("WARN@700");
        assertThat(events.stream().filter(e -> e.startsWith("OVERFLOW")).count()).as(output).isEqualTo(1);
        int warn = events.indexOf("WARN@700");
        int overflow = events.indexOf(events.stream().filter(e -> e.startsWith("OVERFLOW")).findFirst().get());
        assertThat(warn).isLessThan(overflow);
    }
}
