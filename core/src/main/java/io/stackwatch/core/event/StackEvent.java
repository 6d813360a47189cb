package io.stackwatch.core.event;

import io.stackwatch.core.stack.CapturedStack;

/**
 * One thing the tracker saw, as raw facts captured on the instrumented thread's cold path.
 * Everything derived (the cycle, the origin, predictions, formatting) is computed later by the
 * agent's background thread.
 */
public final class StackEvent {

    public final EventType type;
    public final long epochMillis;
    public final String threadName;
    public final long threadId;
    public final boolean virtual;
    /** Instrumented frames on the thread, including the one being entered. */
    public final int depth;
    /** Estimated bytes of stack in use. */
    public final long stackBytes;
    public final long capacityBytes;
    /** The instrumented method being entered or left, or null. */
    public final String method;
    /** Why: {@code warnAt}, {@code throwAt}, {@code maxDepth}, {@code limit}, or null. */
    public final String reason;
    /** The limit that was crossed, in the reason's unit (a fraction, or a depth). */
    public final double limit;
    /** The real frames, when they were walked; null otherwise. */
    public final CapturedStack stack;
    public final long goStackSize;
    public final long goGrowths;
    public final long goCopiedBytes;
    /** The thread's overflow number: repeated reports of one real overflow carry the same one. */
    public final long overflowEpisode;
    /** Real bytes per instrumented frame where measured, else estimated bytes per frame. */
    public final double bytesPerFrame;
    /** Whether {@link #stackBytes} and {@link #capacityBytes} come from a real reading of the stack. */
    public final boolean measured;
    /**
     * The thread the event is about (events are made on that thread), for JFR's typed thread field;
     * null if made elsewhere. Kept only while the event waits for the agent's event thread.
     */
    public final Thread thread;

    public StackEvent(EventType type, String threadName, long threadId, boolean virtual, int depth, long stackBytes,
                      long capacityBytes, String method, String reason, double limit, CapturedStack stack,
                      long goStackSize, long goGrowths, long goCopiedBytes, long overflowEpisode,
                      double bytesPerFrame, boolean measured) {
        this.type = type;
        this.epochMillis = System.currentTimeMillis();
        this.threadName = threadName;
        this.threadId = threadId;
        this.virtual = virtual;
        this.depth = depth;
        this.stackBytes = stackBytes;
        this.capacityBytes = capacityBytes;
        this.method = method;
        this.reason = reason;
        this.limit = limit;
        this.stack = stack;
        this.goStackSize = goStackSize;
        this.goGrowths = goGrowths;
        this.goCopiedBytes = goCopiedBytes;
        this.overflowEpisode = overflowEpisode;
        this.bytesPerFrame = bytesPerFrame;
        this.measured = measured;
        Thread current = Thread.currentThread();
        this.thread = current.getId() == threadId ? current : null;
    }

    /** Used fraction of the thread's capacity. */
    public double ratio() {
        return capacityBytes > 0 ? (double) stackBytes / capacityBytes : 0;
    }
}
