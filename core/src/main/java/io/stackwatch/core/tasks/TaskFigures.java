package io.stackwatch.core.tasks;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the task wrappers have seen, for metrics (read-only to everyone but the wrappers): how many
 * tasks ran, how many crossed their line, and the highest watermark of any task.
 */
public final class TaskFigures {

    private static final LongAdder TASKS = new LongAdder();
    private static final LongAdder CROSSINGS = new LongAdder();
    private static final AtomicLong MAX_PEAK_BYTES = new AtomicLong();
    private static final AtomicLong MAX_PEAK_DEPTH = new AtomicLong();
    /** The highest ratio, in millionths of the capacity. */
    private static final AtomicLong MAX_RATIO_PPM = new AtomicLong();
    private static volatile long lastPeakBytes;

    private TaskFigures() {
    }

    static void record(int peakDepth, long peakBytes, double ratio, boolean crossed) {
        TASKS.increment();
        if (crossed) {
            CROSSINGS.increment();
        }
        MAX_PEAK_BYTES.accumulateAndGet(peakBytes, Math::max);
        MAX_PEAK_DEPTH.accumulateAndGet(peakDepth, Math::max);
        MAX_RATIO_PPM.accumulateAndGet((long) (ratio * 1_000_000), Math::max);
        lastPeakBytes = peakBytes;
    }

    /** Tasks run to completion (or failure) through a wrapper. */
    public static long tasks() {
        return TASKS.sum();
    }

    /** Tasks whose watermark reached their wrapper's {@code warnAt}. */
    public static long crossings() {
        return CROSSINGS.sum();
    }

    /** The highest peak of any task, in bytes of stack in use. */
    public static long maxPeakBytes() {
        return MAX_PEAK_BYTES.get();
    }

    /** The deepest instrumented depth of any task. */
    public static long maxPeakDepth() {
        return MAX_PEAK_DEPTH.get();
    }

    /** The highest fraction of its thread's stack any task used. */
    public static double maxPeakRatio() {
        return MAX_RATIO_PPM.get() / 1_000_000.0;
    }

    /** The peak of the task that finished last. */
    public static long lastPeakBytes() {
        return lastPeakBytes;
    }
}
