package io.stackwatch.agent.livereport;

import io.stackwatch.core.stack.RecursionCycle;

/**
 * One thread as a report or a patrol round saw it: real frames from the JVM, and for threads the
 * tracker follows, its depth, bytes and Go model figures. Immutable.
 */
public final class ThreadRow {

    /** Bytes per real frame assumed to rank threads whose stack use is not tracked (a rough, small-frame figure). */
    static final int ASSUMED_FRAME_BYTES = 100;

    /** Where {@link #bytes} comes from. */
    public enum Bytes { MEASURED, ESTIMATED, ASSUMED }

    final String name;
    final long id;
    final boolean virtual;
    final boolean daemon;
    final String state;
    /** Real frames read; a lower bound when {@link #framesComplete} is false. */
    final int frames;
    final boolean framesComplete;
    final boolean tracked;
    /** Instrumented depth (tracked threads), else -1. */
    final int depth;
    final long bytes;
    final Bytes bytesSource;
    final long capacity;
    final long goStackSize;
    final long goGrowths;
    final long goCopiedBytes;
    /** The frames read, innermost first; turned into names only when a cycle or the top frames are asked for. */
    private final StackTraceElement[] trace;
    private RecursionCycle cycle;

    ThreadRow(String name, long id, boolean virtual, boolean daemon, String state, int frames, boolean framesComplete,
              boolean tracked, int depth, long bytes, Bytes bytesSource, long capacity, long goStackSize, long goGrowths,
              long goCopiedBytes, StackTraceElement[] trace) {
        this.name = name;
        this.id = id;
        this.virtual = virtual;
        this.daemon = daemon;
        this.state = state;
        this.frames = frames;
        this.framesComplete = framesComplete;
        this.tracked = tracked;
        this.depth = depth;
        this.bytes = bytes;
        this.bytesSource = bytesSource;
        this.capacity = capacity;
        this.goStackSize = goStackSize;
        this.goGrowths = goGrowths;
        this.goCopiedBytes = goCopiedBytes;
        this.trace = trace;
    }

    /** Used fraction of the stack; from the frame count alone for untracked threads. */
    public double ratio() {
        return capacity > 0 ? (double) bytes / capacity : 0;
    }

    /** Fewer rounds than this are not called a recursion here (an overload calling its namesake repeats twice). */
    static final int MIN_ROUNDS = 4;

    /** The recursion in the frames read (computed on first use); not found with fewer than {@link #MIN_ROUNDS} rounds. */
    public RecursionCycle cycle() {
        if (cycle == null) {
            String[] methods = new String[trace.length];
            String[] locations = new String[trace.length];
            for (int i = 0; i < trace.length; i++) {
                methods[i] = trace[i].getClassName() + "#" + trace[i].getMethodName();
                locations[i] = location(i, methods[i]);
            }
            RecursionCycle c = RecursionCycle.of(methods, locations);
            cycle = c.rounds() >= MIN_ROUNDS ? c : RecursionCycle.of(new String[0], new String[0]);
        }
        return cycle;
    }

    /** The innermost {@code n} frames as {@code pkg.Class#method:line}. */
    public java.util.List<String> top(int n) {
        java.util.List<String> out = new java.util.ArrayList<>(Math.min(n, trace.length));
        for (int i = 0; i < Math.min(n, trace.length); i++) {
            out.add(location(i, trace[i].getClassName() + "#" + trace[i].getMethodName()));
        }
        return out;
    }

    private String location(int i, String method) {
        int line = trace[i].getLineNumber();
        return line > 0 ? method + ":" + line : method;
    }

    public String name() {
        return name;
    }

    public long id() {
        return id;
    }

    public int frames() {
        return frames;
    }

    public boolean framesComplete() {
        return framesComplete;
    }

    public boolean tracked() {
        return tracked;
    }

    public int depth() {
        return depth;
    }

    public long bytes() {
        return bytes;
    }

    public long capacity() {
        return capacity;
    }

    public boolean isVirtual() {
        return virtual;
    }
}
