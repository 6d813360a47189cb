package io.stackwatch.core.gomodel;

/**
 * Go's goroutine stack policy run over one thread's stream of calls.
 *
 * <p>A goroutine's stack starts small. Every function prologue checks that the new frame fits with
 * {@code guard} bytes to spare; when it does not, {@code newstack} allocates a stack twice as large
 * (doubling again until the frame plus the guard fits), {@code copystack} moves the live part over
 * (the copy cost: the bytes in use) and the call goes on. A stack that would have to grow past the
 * maximum is Go's fatal "goroutine stack exceeds N-byte limit". At garbage collection
 * {@code shrinkstack} halves a stack that uses less than a quarter of itself, never below the
 * start size; here a {@linkplain #checkpoint(long) checkpoint} plays the collector's part.
 *
 * <p>The model is pure and allocation-free: O(1) per call, only primitive fields, no locking. One
 * instance belongs to one thread (its limit is moved only by that thread, when its real stack is read).
 */
public final class GoStackModel {

    private final long initialBytes;
    private final long guardBytes;
    private long maxBytes;

    private long sizeBytes;
    private long growths;
    private long shrinks;
    private long copiedBytes;
    private boolean overflowed;
    private long overflowNeededBytes;

    public GoStackModel(GoStackParameters parameters, long threadCapacityBytes) {
        this(parameters.initialBytes(), parameters.guardBytes(), parameters.maxBytesFor(threadCapacityBytes));
    }

    public GoStackModel(long initialBytes, long guardBytes, long maxBytes) {
        this.initialBytes = initialBytes;
        this.guardBytes = guardBytes;
        this.maxBytes = maxBytes;
        this.sizeBytes = initialBytes;
    }

    /**
     * The number of used bytes from which the next call would need a larger stack: a call whose
     * frame ends at or above this mark does not fit with the guard to spare. {@link Long#MAX_VALUE}
     * once the model has overflowed (Go would have died; nothing grows any more).
     */
    public long growthMark() {
        return overflowed ? Long.MAX_VALUE : sizeBytes - guardBytes + 1;
    }

    /** Whether a stack using {@code usedAfterCall} bytes still leaves the guard free. */
    public boolean fits(long usedAfterCall) {
        return usedAfterCall + guardBytes <= sizeBytes;
    }

    /**
     * A call pushes a frame of {@code frameBytes} onto a stack using {@code usedBefore} bytes. If it
     * does not fit, grow as {@code newstack} does: double until frame plus guard fit, copy the used
     * bytes. Returns the number of growths this call caused (0 or 1), or -1 when the stack would
     * exceed its maximum (Go's fatal stack overflow; the model stops growing from then on).
     */
    public int push(long usedBefore, long frameBytes) {
        if (overflowed || fits(usedBefore + frameBytes)) {
            return 0;
        }
        long newSize = sizeBytes * 2;
        while (newSize - usedBefore < frameBytes + guardBytes) {
            newSize *= 2;
        }
        if (newSize > maxBytes) {
            overflowed = true;
            overflowNeededBytes = newSize;
            return -1;
        }
        copiedBytes += usedBefore;
        growths++;
        sizeBytes = newSize;
        return 1;
    }

    /**
     * The stack has come to use {@code used} bytes through calls of about {@code frameBytes} each, seen
     * at once rather than call by call (a rewritten cycle reports every few dozen levels): grow as the
     * calls one by one would have, each growth copying the bytes used just before the call that did
     * not fit. Returns the growths, or -1 when the stack would exceed its maximum (see {@link #push}).
     */
    public int advanceTo(long used, long frameBytes) {
        long frame = Math.max(1, Math.min(frameBytes, used));
        int grown = 0;
        while (!overflowed && !fits(used)) {
            // The call that first failed to fit: its frame reached the growth mark.
            long usedBefore = Math.min(used - frame, Math.max(0, growthMark() - frame));
            int r = push(usedBefore, frame);
            if (r <= 0) {
                return r < 0 ? -1 : grown;
            }
            grown += r;
        }
        return grown;
    }

    /**
     * The collector's visit: a stack using less than a quarter of itself is halved, never below the
     * start size; the live bytes are copied. Returns whether it shrank.
     */
    public boolean checkpoint(long used) {
        long half = sizeBytes / 2;
        if (half < initialBytes || used >= sizeBytes / 4) {
            return false;
        }
        sizeBytes = half;
        copiedBytes += used;
        shrinks++;
        return true;
    }

    /**
     * Moves the limit: the thread's real stack turned out to differ from the size it asked for (glibc
     * hands out a larger cached stack). A model that has already overflowed stays overflowed.
     */
    public void setMaxBytes(long max) {
        this.maxBytes = Math.max(initialBytes, max);
    }

    /** Go's own words for the predicted overflow. */
    public String overflowMessage() {
        return "runtime: goroutine stack exceeds " + maxBytes + "-byte limit\nfatal error: stack overflow";
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public long growths() {
        return growths;
    }

    public long shrinks() {
        return shrinks;
    }

    public long copiedBytes() {
        return copiedBytes;
    }

    public boolean overflowed() {
        return overflowed;
    }

    /** The size the stack would have needed when it overflowed, 0 before that. */
    public long overflowNeededBytes() {
        return overflowNeededBytes;
    }

    public long initialBytes() {
        return initialBytes;
    }

    public long guardBytes() {
        return guardBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }
}
