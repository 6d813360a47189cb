package io.stackwatch.core.tracking;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures inside the agent's own cold path. They are swallowed where they happen, because a
 * failure inside the agent must never break the host, and counted here so that the agent's
 * background thread can report them.
 */
public final class AgentFaults {

    private static final AtomicLong COUNT = new AtomicLong();
    private static volatile Throwable first;

    private AgentFaults() {
    }

    static void record(Throwable t) {
        if (t instanceof StackOverflowError) {
            // Expected near the end of an exhausted stack: the work is retried one frame further up.
            return;
        }
        if (COUNT.getAndIncrement() == 0) {
            first = t;
        }
    }

    public static long count() {
        return COUNT.get();
    }

    /** The first failure recorded, or null. */
    public static Throwable first() {
        return first;
    }
}
