package io.stackwatch.core.tracking;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The Go model's totals over every thread this JVM ever tracked, dead ones included: what a
 * monotonic counter needs (the per-thread models die with their threads). Updated on the cold path
 * only, where a model grows or shrinks; read by metrics when scraped.
 *
 * <p>Plain {@link AtomicLong}s: {@code java.util.concurrent} is never instrumented, so an update cannot
 * re-enter the tracker, and the class is initialized by the start-up warm-up while the stack is shallow.
 */
public final class GoTotals {

    private static final AtomicLong GROWTHS = new AtomicLong();
    private static final AtomicLong SHRINKS = new AtomicLong();
    private static final AtomicLong COPIED_BYTES = new AtomicLong();

    private GoTotals() {
    }

    // The start-up warm-up's silent states call these too, so that the call sites are linked early,
    // but count nothing.
    static void grew(long copiedBytes, boolean silent) {
        if (silent) {
            return;
        }
        GROWTHS.incrementAndGet();
        COPIED_BYTES.addAndGet(copiedBytes);
    }

    static void shrank(long copiedBytes, boolean silent) {
        if (silent) {
            return;
        }
        SHRINKS.incrementAndGet();
        COPIED_BYTES.addAndGet(copiedBytes);
    }

    /** Simulated stack growths (Go's {@code newstack} + {@code copystack}) on every thread so far. */
    public static long growths() {
        return GROWTHS.get();
    }

    /** Simulated shrinks (the collector's {@code shrinkstack}) on every thread so far. */
    public static long shrinks() {
        return SHRINKS.get();
    }

    /** Bytes the simulated growths and shrinks copied, on every thread so far. */
    public static long copiedBytes() {
        return COPIED_BYTES.get();
    }
}
