package io.stackwatch.core.tracking;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static io.stackwatch.core.tracking.TrackerHarness.enterTimes;
import static io.stackwatch.core.tracking.TrackerHarness.exitTimes;
import static io.stackwatch.core.tracking.TrackerHarness.fixedCapacity;
import static io.stackwatch.core.tracking.TrackerHarness.runOnFreshThread;
import static org.assertj.core.api.Assertions.assertThat;

/** A task's watermark from cold-path visits every step of new peak: 100-byte frames, 4 KiB steps (41 frames). */
class StackWatermarkTest {

    private static final Policy POLICY = Policy.builder().nativeReadings(false).build();
    private static final int FRAME = 100;
    private static final long STEP = 4096;

    @AfterEach
    void restoreDefaults() throws InterruptedException {
        Tracker.install(Policy.builder().build(), StackCapacityProbe.DEFAULT);
        TrackerHarness.drainEvents();
    }

    @Test
    void recordsThePeakWithinOneStepAfterTheStackWentBackDown() throws Throwable {
        AtomicReference<StackWatermark> w = new AtomicReference<>();
        runOnFreshThread(POLICY, fixedCapacity(1_000_000), () -> {
            int id = MethodRegistry.register("demo.Tree#walk");
            StackWatermark open = StackWatermark.open(STEP);
            enterTimes(300, id, FRAME);
            exitTimes(300, id, FRAME);
            enterTimes(120, id, FRAME);
            exitTimes(120, id, FRAME);
            w.set(open.close());
        });
        assertThat(w.get().peakDepth()).isBetween(300 - (int) (STEP / FRAME), 300);
        assertThat(w.get().peakBytes()).isBetween(300L * FRAME - STEP, 300L * FRAME);
        assertThat(w.get().startDepth()).isZero();
        assertThat(w.get().goGrowths()).isPositive();
    }

    @Test
    void anOpenWatermarkLowersTheHotPathMarkClosingLiftsItAndAnOuterWatermarkKeepsTheInnerPeak() throws Throwable {
        AtomicReference<StackWatermark> inner = new AtomicReference<>();
        AtomicReference<StackWatermark> outer = new AtomicReference<>();
        long[] marks = new long[3];
        runOnFreshThread(POLICY, fixedCapacity(1_000_000), () -> {
            int id = MethodRegistry.register("demo.Tree#walk");
            ThreadStackState s = Tracker.current();
            marks[0] = s.enterBytesMark;
            StackWatermark o = StackWatermark.open(STEP);
            marks[2] = s.enterBytesMark;
            enterTimes(100, id, FRAME);
            StackWatermark i = StackWatermark.open(STEP);
            enterTimes(200, id, FRAME);
            exitTimes(200, id, FRAME);
            inner.set(i.close());
            exitTimes(100, id, FRAME);
            outer.set(o.close());
            marks[1] = s.cold.watermarkStep == 0 ? s.enterBytesMark : -1;
        });
        assertThat(inner.get().startDepth()).isEqualTo(100);
        assertThat(inner.get().peakDepth()).isBetween(300 - (int) (STEP / FRAME), 300);
        assertThat(outer.get().peakDepth()).isGreaterThanOrEqualTo(inner.get().peakDepth());
        // Open: the next cold-path visit one step above the peak (0 here); closed: only the Go model's and warnAt's marks.
        assertThat(marks[2]).isEqualTo(STEP);
        assertThat(marks[0]).isGreaterThan(STEP);
        assertThat(marks[1]).isGreaterThan(STEP);
    }
}
