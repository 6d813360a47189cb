package io.stackwatch.core.gomodel;

/**
 * The parameters of Go's goroutine stack policy: the size a stack starts at, the guard a function
 * prologue keeps free below the stack pointer, and the largest size a stack may reach.
 *
 * <p>{@link #ARTICLE} is the policy the seed article describes (8 KiB start, 896 B guard, as in Go
 * 1.2&ndash;1.3); {@link #GO} is what current Go does on linux/amd64 ({@code _StackMin} 2048 since
 * Go 1.4, a 928 B guard). Both use the thread's capacity as the maximum unless told otherwise.
 */
public final class GoStackParameters {

    /** The seed article's policy: 8 KiB start, 896 B StackGuard. */
    public static final GoStackParameters ARTICLE = new GoStackParameters(8 * 1024, 896, 0);
    /** Go &ge; 1.4 on linux/amd64: 2 KiB start, 928 B guard (800 + 128). */
    public static final GoStackParameters GO = new GoStackParameters(2 * 1024, 928, 0);

    private final long initialBytes;
    private final long guardBytes;
    private final long maxBytes;

    /**
     * @param initialBytes the size every stack starts at (a power of two, at least 512)
     * @param guardBytes the free space the prologue check keeps below the frame
     * @param maxBytes the largest size a stack may grow to; 0 means "the thread's capacity"
     */
    public GoStackParameters(long initialBytes, long guardBytes, long maxBytes) {
        if (initialBytes < 512 || Long.bitCount(initialBytes) != 1) {
            throw new IllegalArgumentException("initial stack size must be a power of two of at least 512 bytes, was " + initialBytes);
        }
        if (guardBytes < 0 || guardBytes >= initialBytes) {
            throw new IllegalArgumentException("guard must be between 0 and the initial size, was " + guardBytes);
        }
        if (maxBytes != 0 && maxBytes < initialBytes) {
            throw new IllegalArgumentException("maximum must be at least the initial size, was " + maxBytes);
        }
        this.initialBytes = initialBytes;
        this.guardBytes = guardBytes;
        this.maxBytes = maxBytes;
    }

    public long initialBytes() {
        return initialBytes;
    }

    public long guardBytes() {
        return guardBytes;
    }

    /** The configured maximum, or 0 when the thread's capacity is the maximum. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The maximum for a thread with the given capacity. */
    public long maxBytesFor(long threadCapacityBytes) {
        return maxBytes != 0 ? maxBytes : Math.max(initialBytes, threadCapacityBytes);
    }

    public GoStackParameters withInitial(long initial) {
        return new GoStackParameters(initial, guardBytes, maxBytes);
    }

    public GoStackParameters withGuard(long guard) {
        return new GoStackParameters(initialBytes, guard, maxBytes);
    }

    public GoStackParameters withMax(long max) {
        return new GoStackParameters(initialBytes, guardBytes, max);
    }

    @Override
    public String toString() {
        return "initial=" + initialBytes + "B guard=" + guardBytes + "B max=" + (maxBytes == 0 ? "capacity" : maxBytes + "B");
    }
}
