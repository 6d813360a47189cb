package io.stackwatch.core.tracking;

import io.stackwatch.core.gomodel.GoStackModel;

/**
 * What a thread's state needs once the thread has gone past its first mark: the Go model, the
 * thread's capacity and thresholds, real readings, warning and overflow bookkeeping, counters.
 * Allocated on the thread's first cold-path visit, so threads that stay shallow never pay for it
 * (see {@link ThreadStackState}). Owned by its thread, like the hot state.
 */
final class ColdState {

    final Policy policy;
    /** The owning thread, for readers on other threads (names change; virtual threads cannot be looked up). */
    final Thread thread;
    final boolean virtual;
    final GoStackModel go;
    /** Usable bytes of the stack: from the real bounds once read, else from the JVM's settings. */
    long capacityBytes;
    long warnBytes;
    long throwBytes;
    /** Per-slot depth from which an enter takes the cold path. */
    final int[] methodDepthMark;

    // Real readings (native stack pointer and bounds), taken on the cold path only.
    /** Whether this thread takes real readings. */
    final boolean measuring;
    final long zoneBytes;
    final long[] bounds;
    long stackHigh;
    /** Real bytes in use at the last reading, and how far the estimate was off then. */
    long realBytes;
    long realOffset;
    boolean measured;
    /** The depth at which the next reading is due. */
    int nextReadingDepth;
    /** The reading the current bytes-per-frame rate is measured from. */
    int baseDepth;
    long baseBytes;
    /** Real bytes per instrumented frame, measured; 0 until two readings far enough apart. */
    double bytesPerFrame;

    /** The collector cycle at which the Go model last had its chance to shrink. */
    long shrinkCheckedCycle;

    boolean warnArmed = true;
    int warnedAtDepth;
    /** Set while the agent's own cold-path work runs on this thread: nested enters are not counted. */
    boolean busy;
    /** A real StackOverflowError is unwinding (or was swallowed) below this depth. */
    boolean overflowActive;
    /** The outermost instrumented method an overflow unwound out of (a method id). */
    int overflowLeftBy = -1;
    /** The depth the overflow had unwound to at its last exit from a counted method. */
    int overflowUnwoundTo;
    /** Depth and bytes of a real overflow seen but not yet reported (0 when none). */
    int pendingOverflowDepth;
    long pendingOverflowBytes;
    /** Counts this thread's real overflows; retried reports of one overflow share its number. */
    long overflowEpisode;
    /** Events of this state are built but not queued (the start-up warm-up, the profile primer). */
    boolean silent;
    /**
     * A thread's own state (not the warm-up's throwaway ones): it adopts a policy installed later, at
     * its next cold-path visit.
     */
    boolean followsInstalledPolicy;

    long warnings;
    long interceptions;
    long overflows;
    int peakDepth;
    long peakBytes;

    // Task watermark (see StackWatermark), set and read by the owning thread only.
    /** While a watermark is open: the cold path is visited each time the estimate passes the peak by this much. */
    long watermarkStep;
    /** The deepest estimate, its depth and its real bytes seen at a cold-path visit since the watermark opened. */
    long watermarkBytes;
    int watermarkDepth;
    long watermarkRealBytes;

    ColdState(Policy policy, Thread thread, long capacityBytes, boolean virtual, boolean measuring, long zoneBytes) {
        this.policy = policy;
        this.thread = thread;
        this.virtual = virtual;
        this.measuring = measuring;
        this.zoneBytes = zoneBytes;
        this.bounds = measuring ? new long[2] : null;
        this.nextReadingDepth = StackReading.FIRST_READING_DEPTH;
        this.shrinkCheckedCycle = CollectorCycles.count();
        setCapacity(capacityBytes);
        this.go = new GoStackModel(policy.go(), capacityBytes);
        int slots = policy.methodLimitCount();
        this.methodDepthMark = slots == 0 ? ThreadStackState.NO_SLOTS : new int[slots];
    }

    void setCapacity(long stackCapacity) {
        // JNI and FFM calls run C frames on this same stack, invisible to the agent: keep room for them.
        long capacity = Math.max(stackCapacity / 4, stackCapacity - policy.nativeReserveBytes());
        capacityBytes = capacity;
        warnBytes = (long) (policy.warnAt() * capacity);
        throwBytes = policy.throwing() ? (long) (policy.throwAt() * capacity) : Long.MAX_VALUE;
    }

    /** Bytes in use: the last real reading carried forward by the estimate, or the estimate alone. */
    long effectiveBytes(long estimatedBytes) {
        if (!measured) {
            return estimatedBytes;
        }
        long estimatedAtReading = realBytes - realOffset;
        if (realOffset < 0 && estimatedBytes < estimatedAtReading) {
            // Frames smaller than estimated (compiled ones), and the thread has returned above its last
            // reading: the offset, made by frames no longer on the stack, would make the use too small
            // (negative back at rest). Scale the reading down with the estimate instead.
            return estimatedBytes <= 0 ? 0 : realBytes * estimatedBytes / estimatedAtReading;
        }
        return estimatedBytes + realOffset;
    }

    /** Recomputes the hot path's marks in {@code s} from this state. Cold path only. */
    void recomputeMarks(ThreadStackState s) {
        // The hot path counts estimated bytes; the thresholds are real bytes. Translate them with the
        // offset of the last reading: crossing a translated mark brings a new reading, not a verdict.
        long offset = measured ? realOffset : 0;
        long growthMark = go.growthMark();
        long bytesMark = growthMark == Long.MAX_VALUE ? growthMark : growthMark - offset;
        if (warnArmed) {
            bytesMark = Math.min(bytesMark, warnBytes - offset);
        }
        if (throwBytes != Long.MAX_VALUE) {
            bytesMark = Math.min(bytesMark, throwBytes - offset);
        }
        if (watermarkStep > 0) {
            // A task's watermark: one cold-path visit per step of new peak, none while below it.
            bytesMark = Math.min(bytesMark, Math.max(watermarkBytes, s.bytes) + watermarkStep);
        }
        s.enterBytesMark = bytesMark;

        boolean limitsLive = warnArmed || policy.throwing();
        int depthMark = limitsLive ? policy.maxDepth() + 1 : Integer.MAX_VALUE;
        if (measuring) {
            depthMark = Math.min(depthMark, nextReadingDepth);
        }
        if (overflowActive) {
            // The first enter after an overflow left instrumented code tells that it was caught.
            depthMark = 1;
        }
        s.enterDepthMark = depthMark;
        for (int i = 0; i < methodDepthMark.length; i++) {
            methodDepthMark[i] = limitsLive ? policy.methodLimit(i) + 1 : Integer.MAX_VALUE;
        }

        if (overflowActive) {
            s.exitDepthMark = Integer.MAX_VALUE;
        } else if (!warnArmed) {
            s.exitDepthMark = warnedAtDepth / 2;
        } else {
            // Back at rest the cold path shrinks the Go stack and resets the readings; when neither
            // has anything to undo, returns to depth 0 stay on the fast path (with select=all nearly
            // every outermost call returns to 0).
            s.exitDepthMark = restWorkDue() ? 0 : -1;
        }
    }

    /** Whether a return to depth 0 has work for the cold path: a grown Go stack, or readings to reset. */
    boolean restWorkDue() {
        return go.sizeBytes() > go.initialBytes() || baseDepth != 0
                || nextReadingDepth != StackReading.FIRST_READING_DEPTH;
    }
}
