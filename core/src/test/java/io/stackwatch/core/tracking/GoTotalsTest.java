package io.stackwatch.core.tracking;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.stackwatch.core.tracking.TrackerHarness.enterTimes;
import static io.stackwatch.core.tracking.TrackerHarness.exitTimes;
import static io.stackwatch.core.tracking.TrackerHarness.fixedCapacity;
import static io.stackwatch.core.tracking.TrackerHarness.runOnFreshThread;
import static org.assertj.core.api.Assertions.assertThat;

/** The Go model's JVM-wide totals outlive the threads whose models grew. */
class GoTotalsTest {

    private static final long CAPACITY = 100_000;

    @AfterEach
    void restoreDefaults() throws InterruptedException {
        Tracker.install(Policy.builder().build(), StackCapacityProbe.DEFAULT);
        TrackerHarness.drainEvents();
    }

    @Test
    void growthsAndCopiedBytesOfEveryThreadAddUpAndStayAfterTheThreadsEnd() throws Throwable {
        int method = MethodRegistry.register("demo.Totals#walk");
        long growthsBefore = GoTotals.growths();
        long copiedBefore = GoTotals.copiedBytes();
        long[] perThread = new long[2];
        for (int t = 0; t < 2; t++) {
            int slot = t;
            // 1000-byte frames: the article's model grows at depths 8, 16 and 32 (see TrackerTest).
            runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
                enterTimes(40, method, 1000);
                perThread[slot] = Tracker.current().go().copiedBytes();
                assertThat(Tracker.current().go().growths()).isEqualTo(3);
            });
        }
        assertThat(GoTotals.growths() - growthsBefore).isEqualTo(6);
        assertThat(GoTotals.copiedBytes() - copiedBefore).isEqualTo(perThread[0] + perThread[1]);
    }

    @Test
    void aShrinkAtRestCountsItsCopiedBytes() throws Throwable {
        int method = MethodRegistry.register("demo.Totals#shrink");
        long shrinksBefore = GoTotals.shrinks();
        long copiedBefore = GoTotals.copiedBytes();
        long[] copied = new long[1];
        runOnFreshThread(Policy.builder().build(), fixedCapacity(CAPACITY), () -> {
            enterTimes(40, method, 1000);
            // Go shrinks during a collection: the first rest after one is the model's shrink point.
            CollectorCycles.completed();
            exitTimes(40, method, 1000);
            copied[0] = Tracker.current().go().copiedBytes();
            assertThat(Tracker.current().go().shrinks()).isEqualTo(1);
        });
        assertThat(GoTotals.shrinks() - shrinksBefore).isEqualTo(1);
        assertThat(GoTotals.copiedBytes() - copiedBefore).isEqualTo(copied[0]);
    }

    @Test
    void theStartUpWarmUpCountsNothing() {
        long growths = GoTotals.growths();
        long copied = GoTotals.copiedBytes();
        Tracker.warmUp();
        assertThat(GoTotals.growths()).isEqualTo(growths);
        assertThat(GoTotals.copiedBytes()).isEqualTo(copied);
    }
}
