package io.stackwatch.core.tracking;

import io.stackwatch.core.stack.NativeStack;

/**
 * Reads a thread's real stack use (stack pointer against the thread's stack bounds) and schedules
 * the next reading. Cold path only: a reading costs a JNI call (about 8 ns), and the next one is
 * due after a fraction of the distance to the nearest threshold, at the bytes per frame measured so
 * far. So a thread far from its limits is read rarely, a thread closing in is read often, and the
 * warning fires within a small fraction of the capacity of {@code warnAt}.
 *
 * <p>On a virtual thread the pointer and bounds are its carrier's; bytes left are still the true
 * predictor, bytes used understate the logical depth after a remount. Bounds are read afresh
 * there whenever the stack pointer has left the carrier stack they were read on.
 */
final class StackReading {

    /** Every thread is read once it is this deep in instrumented frames. */
    static final int FIRST_READING_DEPTH = 32;
    /** Readings closer together than this many frames give no useful bytes-per-frame figure. */
    static final int MIN_CALIBRATION_FRAMES = 8;
    /** The next reading comes after this fraction of the distance to the nearest threshold. */
    static final int STEP_DIVISOR = 8;
    static final int MIN_STEP = 4;
    static final int MAX_STEP = 1024;
    /** Bytes per frame assumed below which a step is not stretched further (compiled frames). */
    static final int MIN_FRAME_BYTES = 16;

    private StackReading() {
    }

    /**
     * Takes a reading at instrumented depth {@code depth} with {@code estimatedBytes} counted by the
     * hot path, and schedules the next one. Does nothing when the thread does not measure.
     */
    static void read(ThreadStackState s, int depth, long estimatedBytes) {
        if (!s.cold.measuring) {
            return;
        }
        long sp = NativeStack.stackPointer();
        if (!boundsKnown(s, sp)) {
            return;
        }
        long used = s.cold.stackHigh - sp;
        if (used <= 0 || used > s.cold.capacityBytes + s.cold.zoneBytes) {
            // Not this thread's stack (should not happen): keep the estimate.
            return;
        }
        s.cold.realBytes = used;
        s.cold.realOffset = used - estimatedBytes;
        s.cold.measured = true;
        if (s.cold.baseDepth == 0 || depth <= s.cold.baseDepth) {
            s.cold.baseDepth = depth;
            s.cold.baseBytes = used;
        } else if (depth - s.cold.baseDepth >= MIN_CALIBRATION_FRAMES && used > s.cold.baseBytes) {
            // The current rate, not the average since the start: frames shrink when the JIT
            // compiles a recursion halfway down, and grow again when it deoptimizes.
            s.cold.bytesPerFrame = (double) (used - s.cold.baseBytes) / (depth - s.cold.baseDepth);
            s.cold.baseDepth = depth;
            s.cold.baseBytes = used;
        }
        s.cold.nextReadingDepth = depth + step(s, used);
    }

    /**
     * Real bytes in use now, or -1 when they cannot be read. Records the reading (so the estimate is
     * carried forward from it) without touching the bytes-per-frame calibration or the schedule.
     */
    static long readNow(ThreadStackState s, long estimatedBytes) {
        long sp = NativeStack.stackPointer();
        if (!boundsKnown(s, sp)) {
            return -1;
        }
        long used = s.cold.stackHigh - sp;
        if (used <= 0 || used > s.cold.capacityBytes + s.cold.zoneBytes) {
            return -1;
        }
        s.cold.realBytes = used;
        s.cold.realOffset = used - estimatedBytes;
        s.cold.measured = true;
        return used;
    }

    /**
     * Reads the stack bounds when {@link #needsBounds} says so (and the capacity from them); false when
     * they are needed and cannot be read.
     */
    private static boolean boundsKnown(ThreadStackState s, long sp) {
        if (!needsBounds(s, sp)) {
            return true;
        }
        if (NativeStack.stackBounds(s.cold.bounds) != 0) {
            return false;
        }
        s.cold.stackHigh = s.cold.bounds[1];
        if (s.cold.policy.stackSizeOverrideBytes() == 0) {
            // The real bounds, not the size asked for: glibc may hand out a larger cached stack. The Go
            // model's limit (go.max=capacity) follows.
            long real = s.cold.bounds[1] - s.cold.bounds[0] - s.cold.zoneBytes;
            s.cold.setCapacity(real);
            s.cold.go.setMaxBytes(s.cold.policy.go().maxBytesFor(real));
        }
        return true;
    }

    /**
     * Whether the stack bounds must be read (again): once per platform thread; on a virtual thread
     * whenever the stack pointer lies outside the bounds read last, which means it has moved to
     * another carrier (carriers' stacks do not overlap). Reading them costs far more than the pointer
     * (glibc's pthread_getattr_np also asks the kernel for the thread's CPU affinity): a virtual thread
     * that read them on every reading ran its instrumented calls several times slower.
     */
    static boolean needsBounds(ThreadStackState s, long sp) {
        if (s.cold.stackHigh == 0) {
            return true;
        }
        return s.cold.virtual && (sp <= s.cold.bounds[0] || sp >= s.cold.bounds[1]);
    }

    private static int step(ThreadStackState s, long used) {
        long distance = s.cold.capacityBytes - used;
        if (s.cold.warnArmed) {
            distance = Math.min(distance, s.cold.warnBytes - used);
        }
        if (s.cold.throwBytes != Long.MAX_VALUE) {
            distance = Math.min(distance, s.cold.throwBytes - used);
        }
        double perFrame = Math.max(s.cold.bytesPerFrame, MIN_FRAME_BYTES);
        long frames = (long) (Math.max(0, distance) / perFrame / STEP_DIVISOR);
        return (int) Math.max(MIN_STEP, Math.min(MAX_STEP, frames));
    }

    /** Back at rest: the next excursion calibrates afresh. */
    static void atRest(ThreadStackState s) {
        s.cold.baseDepth = 0;
        s.cold.nextReadingDepth = FIRST_READING_DEPTH;
    }
}
