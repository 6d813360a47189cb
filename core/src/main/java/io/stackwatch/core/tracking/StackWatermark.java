package io.stackwatch.core.tracking;

/**
 * The deepest point the current thread's instrumented frames reach between {@link #open} and
 * {@link #close}: a task's stack watermark.
 *
 * <p>The hot path does not track peaks. While a watermark is open, the thread's byte mark is lowered
 * to the peak so far plus a step, so that each time the stack goes {@code stepBytes} past its
 * previous peak the cold path runs once and records it. Resolution is therefore {@code stepBytes}
 * (the true peak lies below the recorded one plus a step), at a cost of one cold-path visit per step
 * of new depth; below the peak nothing changes. Where the thread reads its real stack pointer, the
 * real bytes at the recorded peak come from that reading carried forward by the estimate. Only
 * instrumented frames are seen: a deep stack of uninstrumented code is not.
 *
 * <p>Owned by one thread: open and close on the thread that runs the task. Watermarks nest (a task
 * run inline by another wrapped task): the outer one keeps the larger peak.
 */
public final class StackWatermark {

    private final ThreadStackState state;
    private final long outerStep;
    private final long outerBytes;
    private final int outerDepth;
    private final long outerRealBytes;
    private final int startDepth;
    private final long startBytes;
    private final long startGrowths;
    private final long startCopied;

    private int peakDepth;
    private long peakBytes;

    private StackWatermark(ThreadStackState s) {
        this.state = s;
        this.outerStep = s.cold.watermarkStep;
        this.outerBytes = s.cold.watermarkBytes;
        this.outerDepth = s.cold.watermarkDepth;
        this.outerRealBytes = s.cold.watermarkRealBytes;
        this.startDepth = s.depth;
        this.startBytes = s.cold.effectiveBytes(s.bytes);
        this.startGrowths = s.cold.go.growths();
        this.startCopied = s.cold.go.copiedBytes();
    }

    /** Opens a watermark on the calling thread, visiting the cold path every {@code stepBytes} of new peak. */
    public static StackWatermark open(long stepBytes) {
        ThreadStackState s = Tracker.current();
        StackWatermark w = new StackWatermark(s);
        long step = Math.max(64, stepBytes);
        s.cold.watermarkStep = outerStepOr(w.outerStep, step);
        s.cold.watermarkBytes = s.bytes;
        s.cold.watermarkDepth = s.depth;
        s.cold.watermarkRealBytes = w.startBytes;
        s.recomputeMarks();
        return w;
    }

    private static long outerStepOr(long outer, long step) {
        return outer > 0 ? Math.min(outer, step) : step;
    }

    /** Closes the watermark (on the thread that opened it) and returns it with its figures set. */
    public StackWatermark close() {
        ThreadStackState s = state;
        peakDepth = Math.max(s.cold.watermarkDepth, startDepth);
        peakBytes = Math.max(s.cold.watermarkRealBytes, startBytes);
        if (outerStep > 0) {
            // Back to the enclosing task's watermark, which saw everything this one saw.
            s.cold.watermarkStep = outerStep;
            if (s.cold.watermarkBytes < outerBytes) {
                s.cold.watermarkBytes = outerBytes;
                s.cold.watermarkDepth = outerDepth;
                s.cold.watermarkRealBytes = outerRealBytes;
            }
        } else {
            s.cold.watermarkStep = 0;
        }
        s.recomputeMarks();
        return this;
    }

    /** Deepest instrumented depth seen (within the step), counting frames below the task. */
    public int peakDepth() {
        return peakDepth;
    }

    /** Bytes of stack in use at the peak (real where the thread reads its stack pointer, else estimated). */
    public long peakBytes() {
        return peakBytes;
    }

    /** Instrumented depth when the watermark opened. */
    public int startDepth() {
        return startDepth;
    }

    public long capacityBytes() {
        return state.cold.capacityBytes;
    }

    /** Whether the figures come from real readings of the stack pointer. */
    public boolean measured() {
        return state.cold.measured;
    }

    /** Go model growths while the watermark was open. */
    public long goGrowths() {
        return state.cold.go.growths() - startGrowths;
    }

    /** Go model bytes copied while the watermark was open. */
    public long goCopiedBytes() {
        return state.cold.go.copiedBytes() - startCopied;
    }

    public long goStackSize() {
        return state.cold.go.sizeBytes();
    }

    public boolean isVirtual() {
        return state.cold.virtual;
    }
}
