package io.stackwatch.core.tracking;

/**
 * Counts the JVM's garbage collections, as told by the agent's collector listener. Go shrinks a
 * goroutine's stack during a collection, not whenever the goroutine returns; the Go model therefore
 * shrinks a thread's simulated stack only at the first rest point after a new collection.
 */
public final class CollectorCycles {

    // One writer (the JMX notification thread); readers on the cold path accept a stale value.
    private static volatile long completed;

    private CollectorCycles() {
    }

    /** A collection finished. */
    public static void completed() {
        completed = completed + 1;
    }

    static long count() {
        return completed;
    }
}
