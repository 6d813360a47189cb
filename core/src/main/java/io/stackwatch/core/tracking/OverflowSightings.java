package io.stackwatch.core.tracking;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@link StackOverflowError}s the agent got to see: those that unwound through counted code,
 * and those the application printed, logged or let kill a thread (the JDK's own hooks report them).
 * The agent's learner reads their stack traces off the application's threads and counts a cycle the
 * bytecode did not show (reflection, proxies, method handles, calls through the JDK), so that the
 * next overflow there is warned first.
 *
 * <p>A handful of slots, overwritten in turn: offering is a few field writes, safe at the end of a
 * stack, and a sighting lost under a burst of overflows is seen again at the next one.
 */
public final class OverflowSightings {

    private static final int SLOTS = 16;
    private static final Throwable[] RING = new Throwable[SLOTS];
    private static final AtomicInteger NEXT = new AtomicInteger();

    private OverflowSightings() {
    }

    /** Records an overflow seen (not the agent's own interceptions). */
    static void offer(Throwable overflow) {
        if (!(overflow instanceof StackOverflowError) || overflow instanceof io.stackwatch.core.StackDepthExceededError) {
            return;
        }
        RING[NEXT.getAndIncrement() & (SLOTS - 1)] = overflow;
    }

    /** Moves the overflows seen since the last call into {@code into}; returns how many. */
    public static int drain(Throwable[] into) {
        int n = 0;
        for (int i = 0; i < SLOTS && n < into.length; i++) {
            Throwable t = RING[i];
            if (t != null) {
                RING[i] = null;
                into[n++] = t;
            }
        }
        return n;
    }
}
