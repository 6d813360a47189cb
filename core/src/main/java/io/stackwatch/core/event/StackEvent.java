package io.stackwatch.core.event;

import io.stackwatch.core.stack.CapturedStack;

/**
 * One thing the tracker saw, as raw facts captured on the instrumented thread's cold path.
 * Everything derived (the cycle, the origin, predictions, formatting) is computed later by the
 * agent's background thread. Built with {@link #of}: two small objects per event, and events are
 * crossings, not calls.
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
    /** Why, or null. */
    public final Reason reason;
    /** The limit that was crossed, in the reason's unit (a fraction, a depth, bytes). */
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

    private StackEvent(Builder b) {
        this.type = b.type;
        this.epochMillis = System.currentTimeMillis();
        this.threadName = b.threadName;
        this.threadId = b.threadId;
        this.virtual = b.virtual;
        this.depth = b.depth;
        this.stackBytes = b.stackBytes;
        this.capacityBytes = b.capacityBytes;
        this.method = b.method;
        this.reason = b.reason;
        this.limit = b.limit;
        this.stack = b.stack;
        this.goStackSize = b.goStackSize;
        this.goGrowths = b.goGrowths;
        this.goCopiedBytes = b.goCopiedBytes;
        this.overflowEpisode = b.overflowEpisode;
        this.bytesPerFrame = b.bytesPerFrame;
        this.measured = b.measured;
        this.thread = b.thread;
    }

    /** An event of this type about {@code thread}; the facts follow, then {@link Builder#build()}. */
    public static Builder of(EventType type, Thread thread, boolean virtual) {
        return new Builder(type, thread, thread.getName(), thread.getId(), virtual);
    }

    /**
     * An event about a thread known by name and id (for tests and replays); it remembers the thread
     * only when made on it.
     */
    public static Builder of(EventType type, String threadName, long threadId, boolean virtual) {
        Thread current = Thread.currentThread();
        return new Builder(type, current.getId() == threadId ? current : null, threadName, threadId, virtual);
    }

    /** Used fraction of the thread's capacity. */
    public double ratio() {
        return capacityBytes > 0 ? (double) stackBytes / capacityBytes : 0;
    }

    /** The facts of one event, grouped as the tracker knows them. Not a lambda anywhere: the cold path links none. */
    public static final class Builder {
        private final EventType type;
        private final Thread thread;
        private final String threadName;
        private final long threadId;
        private final boolean virtual;
        private int depth;
        private long stackBytes;
        private long capacityBytes;
        private boolean measured;
        private double bytesPerFrame;
        private String method;
        private Reason reason;
        private double limit;
        private CapturedStack stack;
        private long goStackSize;
        private long goGrowths;
        private long goCopiedBytes;
        private long overflowEpisode;

        private Builder(EventType type, Thread thread, String threadName, long threadId, boolean virtual) {
            this.type = type;
            this.thread = thread;
            this.threadName = threadName;
            this.threadId = threadId;
            this.virtual = virtual;
        }

        /**
         * Where the thread stands: instrumented depth, bytes of stack in use of its capacity, whether
         * those come from a real reading, and the bytes per instrumented frame.
         */
        public Builder usage(int depth, long stackBytes, long capacityBytes, boolean measured, double bytesPerFrame) {
            this.depth = depth;
            this.stackBytes = stackBytes;
            this.capacityBytes = capacityBytes;
            this.measured = measured;
            this.bytesPerFrame = bytesPerFrame;
            return this;
        }

        /** The instrumented method ({@code pkg.Class#method}, or a task's name). */
        public Builder method(String method) {
            this.method = method;
            return this;
        }

        /** What was crossed, and the line in the reason's unit. */
        public Builder crossed(Reason reason, double limit) {
            this.reason = reason;
            this.limit = limit;
            return this;
        }

        /** The real frames, walked on the cold path (null when not walked). */
        public Builder frames(CapturedStack stack) {
            this.stack = stack;
            return this;
        }

        /** The Go model's stack: its size, its growths and the bytes its copies moved. */
        public Builder goModel(long stackSize, long growths, long copiedBytes) {
            this.goStackSize = stackSize;
            this.goGrowths = growths;
            this.goCopiedBytes = copiedBytes;
            return this;
        }

        /** The thread's overflow number (repeated reports of one real overflow carry the same one). */
        public Builder overflowEpisode(long episode) {
            this.overflowEpisode = episode;
            return this;
        }

        public StackEvent build() {
            return new StackEvent(this);
        }
    }
}
