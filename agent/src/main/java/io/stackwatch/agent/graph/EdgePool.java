package io.stackwatch.agent.graph;

import java.util.Arrays;

/**
 * The live graph's edges, both ways, as linked lists threaded through a few int arrays: per edge
 * its target (with the in-a-loop flag in the low bit) and the next edge of its source, and the same
 * for the reverse direction. Two objects hold every edge of the application (an object per node's
 * list cost the start of a large service more than its edges did).
 */
final class EdgePool {

    private static final int NONE = -1;

    private int[] outHead = new int[1024];
    private int[] inHead = new int[1024];
    private int[] target = new int[4096];
    private int[] nextOut = new int[4096];
    private int[] source = new int[4096];
    private int[] nextIn = new int[4096];
    private int edges;

    EdgePool() {
        Arrays.fill(outHead, NONE);
        Arrays.fill(inHead, NONE);
    }

    /** Makes room for node {@code v}. */
    void node(int v) {
        if (v >= outHead.length) {
            int n = Math.max(v + 1, outHead.length * 2);
            int old = outHead.length;
            outHead = Arrays.copyOf(outHead, n);
            inHead = Arrays.copyOf(inHead, n);
            Arrays.fill(outHead, old, n, NONE);
            Arrays.fill(inHead, old, n, NONE);
        }
    }

    /**
     * Adds {@code u → v} unless one of {@code u}'s last few edges is the same (a method calls the same
     * method many times); returns whether it was added.
     */
    boolean add(int u, int v, boolean loop) {
        int encoded = v << 1 | (loop ? 1 : 0);
        int seen = 0;
        for (int e = outHead[u]; e != NONE && seen < 8; e = nextOut[e], seen++) {
            if (target[e] == encoded) {
                return false;
            }
        }
        if (edges == target.length) {
            int n = edges * 2;
            target = Arrays.copyOf(target, n);
            nextOut = Arrays.copyOf(nextOut, n);
            source = Arrays.copyOf(source, n);
            nextIn = Arrays.copyOf(nextIn, n);
        }
        int e = edges++;
        target[e] = encoded;
        nextOut[e] = outHead[u];
        outHead[u] = e;
        source[e] = u;
        nextIn[e] = inHead[v];
        inHead[v] = e;
        return true;
    }

    /** The first edge out of {@code u}, or a negative number. */
    int firstOut(int u) {
        return outHead[u];
    }

    int nextOut(int e) {
        return nextOut[e];
    }

    /** The target of an edge out. */
    int target(int e) {
        return target[e] >>> 1;
    }

    /** Whether the call behind an edge is made inside a loop. */
    boolean loop(int e) {
        return (target[e] & 1) != 0;
    }

    /** The first edge into {@code v}, or a negative number. */
    int firstIn(int v) {
        return inHead[v];
    }

    int nextIn(int e) {
        return nextIn[e];
    }

    /** The source of an edge in. */
    int source(int e) {
        return source[e];
    }

    int size() {
        return edges;
    }

    /** Edges out of {@code u}. */
    int outDegree(int u) {
        int n = 0;
        for (int e = outHead[u]; e >= 0; e = nextOut[e]) {
            n++;
        }
        return n;
    }
}
