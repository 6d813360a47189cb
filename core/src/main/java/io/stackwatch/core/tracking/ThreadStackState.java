package io.stackwatch.core.tracking;

import io.stackwatch.core.gomodel.GoStackModel;

/**
 * One thread's stack accounting. Owned by its thread: only that thread reads or writes it, so no
 * field needs to be volatile (other threads that report on it accept a slightly stale view).
 *
 * <p>This object is what every tracked thread pays for: the count, the bytes, three marks and the
 * last checkpoint of a cycle whose depth travels in a parameter (64 bytes with compressed
 * pointers). The hot path compares against the marks and does nothing else.
 * Everything else (the Go model, capacity and thresholds, readings, counters) is a {@link ColdState}
 * allocated on the thread's first cold-path visit: its first reading (32 instrumented frames deep
 * with native readings), the Go model's first growth (about 7 KiB estimated) or a limit. A thread
 * that never goes that deep never allocates it and is not listed in {@link LiveThreads}.
 */
public final class ThreadStackState {

    static final int[] NO_SLOTS = new int[0];

    // Read and written by advice inlined into instrumented classes of any loader: must be public.
    /** Instrumented frames currently on this thread. */
    public int depth;
    /** Estimated bytes of stack those frames use. */
    public long bytes;
    /** An exit that leaves the depth at or below this mark takes the cold path (re-arm, checkpoint). */
    public int exitDepthMark;
    /**
     * Per-method depth, one slot per {@code limits} entry; decremented inline by limited counting
     * code. Grown (cold path only) when a later policy names more limits.
     */
    public int[] methodDepth;
    /**
     * The whole depth at the last checkpoint of a cycle whose depth travels in a parameter, 0 once
     * the cycle's entry has returned: the depth there is in the frames, and this is what readers on
     * other threads can see of it (to the checkpoint interval).
     */
    public int checkpointDepth;
    /** The estimated bytes at that checkpoint (meaningful while {@link #checkpointDepth} is above {@link #depth}). */
    public long checkpointBytes;

    // Read by the hot enter path only.
    /** An enter whose bytes reach this mark takes the cold path (Go growth, warn, throw). */
    long enterBytesMark;
    /** An enter whose depth reaches this mark takes the cold path (maxDepth, readings). */
    int enterDepthMark;

    /** The rest of the state, once the thread has taken the cold path; null until then. */
    ColdState cold;

    /** A state whose cold part comes later, with first marks that bring the thread to the cold path in time. */
    ThreadStackState(int slots, long firstBytesMark, int firstDepthMark) {
        this.methodDepth = slots == 0 ? NO_SLOTS : new int[slots];
        this.enterBytesMark = firstBytesMark;
        this.enterDepthMark = firstDepthMark;
        // Nothing to checkpoint at rest before the first cold visit.
        this.exitDepthMark = -1;
    }

    /** A state with its cold part now (the warm-up's throwaway states, tests). */
    ThreadStackState(Policy policy, long capacityBytes, boolean virtual) {
        this(policy, capacityBytes, virtual, false, 0);
    }

    ThreadStackState(Policy policy, long capacityBytes, boolean virtual, boolean measuring, long zoneBytes) {
        this(policy.methodLimitCount(), 0, 0);
        this.cold = new ColdState(policy, Thread.currentThread(), capacityBytes, virtual, measuring, zoneBytes);
        recomputeMarks();
    }

    /**
     * Makes room for {@code slots} limit slots. Existing counts are kept: frames entered under an
     * earlier policy may still be on the stack and take themselves off their slots on exit. Cold path
     * only; System.arraycopy, not java.util.Arrays, which an include may instrument.
     */
    void ensureSlots(int slots) {
        if (methodDepth.length < slots) {
            int[] grown = new int[slots];
            System.arraycopy(methodDepth, 0, grown, 0, methodDepth.length);
            methodDepth = grown;
        }
    }

    /** Recomputes the hot path's marks from the cold state. Cold path only. */
    void recomputeMarks() {
        cold.recomputeMarks(this);
    }

    // Accessors for readers (metrics, reports, the patrol). States listed by LiveThreads and returned by
    // Tracker.current() always have their cold part; a bare hot state answers with neutral values.

    public long capacityBytes() {
        ColdState c = cold;
        return c == null ? 0 : c.capacityBytes;
    }

    /** Whether the last figures came from a real reading of the stack. */
    public boolean measured() {
        ColdState c = cold;
        return c != null && c.measured;
    }

    public Thread thread() {
        ColdState c = cold;
        return c == null ? null : c.thread;
    }

    /**
     * Instrumented frames on the thread now (a moment stale when read from another thread; in a cycle
     * whose depth travels in a parameter, as of its last checkpoint).
     */
    public int depth() {
        return Math.max(depth, checkpointDepth);
    }

    /** Bytes of stack in use now: the estimate carried forward from the last real reading. */
    public long bytesInUse() {
        ColdState c = cold;
        long estimate = checkpointDepth > depth ? checkpointBytes : bytes;
        return c == null ? estimate : c.effectiveBytes(estimate);
    }

    /** Real bytes per instrumented frame, 0 until measured. */
    public double bytesPerFrame() {
        ColdState c = cold;
        return c == null ? 0 : c.bytesPerFrame;
    }

    public boolean isVirtual() {
        ColdState c = cold;
        return c != null && c.virtual;
    }

    public GoStackModel go() {
        ColdState c = cold;
        return c == null ? null : c.go;
    }

    public long warnings() {
        ColdState c = cold;
        return c == null ? 0 : c.warnings;
    }

    public long interceptions() {
        ColdState c = cold;
        return c == null ? 0 : c.interceptions;
    }

    public long overflows() {
        ColdState c = cold;
        return c == null ? 0 : c.overflows;
    }

    /** Deepest instrumented depth seen at a cold-path visit. */
    public int peakDepth() {
        ColdState c = cold;
        return Math.max(checkpointDepth, c == null ? 0 : c.peakDepth);
    }

    public long peakBytes() {
        ColdState c = cold;
        return c == null ? 0 : c.peakBytes;
    }
}
