package io.stackwatch.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Soak: 64 threads recursing and unwinding (normally, by exception, by real overflow) leave every
 * thread's accounting exact. Churn: many short-lived threads leave no agent state behind on the heap.
 * Quick forms here; {@code -Dstackwatch.long=true} runs 60 s of soak and a million threads of each kind.
 */
class SoakAndChurnIT {

    private static final boolean LONG = Boolean.getBoolean("stackwatch.long");
    private static final int SOAK_SECONDS = LONG ? 60 : 8;
    private static final int CHURN_THREADS = LONG ? 1_000_000 : 20_000;
    /** Per-thread agent objects that may be alive after the churn: the live threads' own. */
    private static final int RETAINED_LIMIT = 64;
    /** The agent's classes that exist once per tracked thread. */
    private static final java.util.List<String> PER_THREAD = java.util.List.of("io.stackwatch.core.tracking.ThreadStackState",
            "io.stackwatch.core.tracking.LiveThreads$Entry", "io.stackwatch.core.gomodel.GoStackModel");

    @Test
    void sixtyFourThreadsRecursingAndUnwindingEveryWayLeaveEveryDepthAtZero() throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").timeoutSeconds(SOAK_SECONDS + 240)
                .run("testapps.SoakHost", "64", String.valueOf(SOAK_SECONDS));

        assertThat(r.exitCode).as(r.toString()).isZero();
        Map<String, Long> f = figures(r.stdout, "soak ");
        assertThat(f.get("normal")).as(r.stdout).isPositive();
        assertThat(f.get("exceptions")).as(r.stdout).isPositive();
        assertThat(f.get("overflows")).as(r.stdout).isPositive();
        assertThat(f.get("wrongDepthAfterRound")).as(r.stdout).isZero();
        assertThat(f.get("liveStatesChecked")).as(r.stdout).isEqualTo(64);
        assertThat(f.get("liveStatesNotZero")).as(r.stdout).isZero();
        assertThat(r.stderr).as(r.toString()).doesNotContain("internal failure");
    }

    @Test
    void shortLivedPlatformThreadsLeaveNoAgentStateOnTheHeap() throws Exception {
        assertChurnLeavesNothing("platform");
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void shortLivedVirtualThreadsLeaveNoAgentStateOnTheHeap() throws Exception {
        assertChurnLeavesNothing("virtual");
    }

    private static void assertChurnLeavesNothing(String kind) throws Exception {
        ChildJvm.Result r = ChildJvm.withAgent("").jvmArg("-Xmx128m").timeoutSeconds(LONG ? 1800 : 120)
                .run("testapps.ChurnHost", kind, String.valueOf(CHURN_THREADS));

        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.stdout).as(r.toString()).contains("threads=" + CHURN_THREADS + " kind=" + kind + " sum=" + 20L * CHURN_THREADS)
                .contains("done");
        Matcher live = Pattern.compile("liveThreads=(\\d+)").matcher(r.stdout);
        assertThat(live.find()).as(r.stdout).isTrue();
        assertThat(Integer.parseInt(live.group(1))).as(r.stdout).isLessThan(RETAINED_LIMIT);
        // Every stackwatch class on the live heap, by instance count: none may grow with the threads
        // (fixed pools such as Byte Buddy's 100 class-loading locks are fine; one per thread is not).
        Matcher row = Pattern.compile("histogram (\\d+) (\\d+) (\\S+)").matcher(r.stdout);
        int rows = 0;
        while (row.find()) {
            rows++;
            long instances = Long.parseLong(row.group(1));
            assertThat(instances).as("%s instances after %d %s threads:\n%s", row.group(3), CHURN_THREADS, kind, r.stdout)
                    .isLessThan(PER_THREAD.contains(row.group(3)) ? RETAINED_LIMIT : CHURN_THREADS / 100);
        }
        // The histogram was read: some of the agent's own objects are always alive.
        assertThat(rows).as(r.stdout).isPositive();
    }

    /** {@code name=number} pairs from the line that starts with {@code prefix}. */
    private static Map<String, Long> figures(String stdout, String prefix) {
        Map<String, Long> out = new HashMap<>();
        for (String line : stdout.split("\\R")) {
            if (line.startsWith(prefix)) {
                Matcher m = Pattern.compile("(\\w+)=(\\d+)").matcher(line);
                while (m.find()) {
                    out.put(m.group(1), Long.parseLong(m.group(2)));
                }
            }
        }
        return out;
    }
}
