package io.stackwatch.agent.graph;

import java.util.Arrays;

/**
 * Which methods of a call graph's cycles to count so that every cycle passes through at least one
 * of them (a feedback vertex set), and how many bytes of stack one round from a counted method to
 * the next costs.
 *
 * <p>Counting every method of a cycle costs one tracker call per method per round: a deserializer
 * whose cycle runs object → field → value wrapper → object paid three calls for every field it
 * read, though the nesting only grows once per object. Counting one method per round keeps every
 * unbounded recursion visible (it must go round some cycle, and each cycle holds a counted method)
 * at a fraction of the calls.
 *
 * <p>The choice is greedy, one method per remaining cycle component at a time, and prefers what a
 * recursion over nested data enters once per level: a method that calls into its cycle from inside
 * a loop (it iterates over the children: an object reader looping over fields, a collection reader
 * over elements) before one that does not, and among those one that no method of its cycle calls
 * from inside a loop (a field reader is called once per field), then the one on most cycles
 * (in-degree times out-degree within its component). A round's bytes are the counted method's
 * frame plus the longest path of uncounted frames that follows it within its cycle, so the estimate
 * runs ahead of the real stack rather than behind it.
 *
 * <p>Runs while classes load, at any depth: no recursion, like {@link StronglyConnected}.
 */
public final class CycleCover {

    private CycleCover() {
    }

    /** What {@link #choose} found: which nodes lie on a cycle, and the counted ones' round bytes. */
    public static final class Cover {
        /** In a strongly connected component of more than one node, or calling itself. */
        public final boolean[] onCycle;
        /** The bytes one round charged to a node costs, or 0 when it is not counted. */
        public final int[] roundBytes;

        Cover(boolean[] onCycle, int[] roundBytes) {
            this.onCycle = onCycle;
            this.roundBytes = roundBytes;
        }
    }

    /**
     * @param edges      adjacency lists of the call graph
     * @param loopEdge   parallel to {@code edges}: whether the caller makes that call inside a loop
     * @param selfCall   whether a node calls itself (a cycle of its own, so always counted)
     * @param countable  whether a node can be counted at all (abstract, native and bridge methods,
     *                   initializers and constructors that only delegate with {@code this(…)} cannot):
     *                   a cycle is broken at its countable nodes only, and one made of uncountable
     *                   nodes alone stays uncounted
     * @param frameBytes estimated bytes of one frame of each node when counted
     * @param plainBytes estimated bytes of one frame of each node when not counted
     * @return the nodes on a cycle, and for each node the bytes one round charged to it costs, or 0
     *         when it is not counted (nodes on no cycle never are)
     */
    public static Cover choose(int[][] edges, boolean[][] loopEdge, boolean[] selfCall, boolean[] countable, int[] frameBytes,
                               int[] plainBytes) {
        return choose(edges, loopEdge, selfCall, countable, frameBytes, plainBytes, null, null);
    }

    /**
     * {@link #choose(int[][], boolean[][], boolean[], boolean[], int[], int[])} for a graph some of whose
     * nodes are counted already (the live graph grows, and what is counted stays counted).
     *
     * @param counted0  nodes counted already, or null: they break every cycle through them and are
     *                  never chosen again (their round bytes are not recomputed)
     * @param preferred nodes to choose before any other, or null (the live graph prefers the methods of
     *                  the class being loaded: they are instrumented as they load, the others only by
     *                  retransformation, later)
     */
    public static Cover choose(int[][] edges, boolean[][] loopEdge, boolean[] selfCall, boolean[] countable, int[] frameBytes,
                               int[] plainBytes, boolean[] counted0, boolean[] preferred) {
        int n = edges.length;
        int[] original = StronglyConnected.components(edges);
        int[] originalSizes = sizes(original, n);
        boolean[] onCycle = new boolean[n];
        boolean[] counted = new boolean[n];
        boolean[] open = new boolean[n];
        boolean anyCycle = false;
        for (int v = 0; v < n; v++) {
            onCycle[v] = selfCall[v] || originalSizes[original[v]] > 1;
            anyCycle |= onCycle[v];
            if (counted0 != null && counted0[v]) {
                counted[v] = true;
            } else if (selfCall[v] && countable[v]) {
                counted[v] = true;
            } else {
                open[v] = originalSizes[original[v]] > 1;
            }
        }
        if (!anyCycle) {
            // Most classes: nothing to choose, and no sort (JDK 25's sort links a lambda) on the way to main.
            return new Cover(onCycle, new int[n]);
        }
        int[] component;
        while (true) {
            int[][] sub = restrict(edges, open, original);
            component = StronglyConnected.components(sub);
            int[] sizes = sizes(component, n);
            int[] in = new int[n];
            int[] out = new int[n];
            int[] loopIn = new int[n];
            int[] loopOut = new int[n];
            for (int u = 0; u < n; u++) {
                if (!open[u]) {
                    continue;
                }
                for (int k = 0; k < edges[u].length; k++) {
                    int w = edges[u][k];
                    if (open[w] && w != u && component[u] == component[w]) {
                        in[w]++;
                        out[u]++;
                        if (loopEdge[u][k]) {
                            loopIn[w]++;
                            loopOut[u]++;
                        }
                    }
                }
            }
            int[] best = new int[n];
            Arrays.fill(best, -1);
            long[] bestScore = new long[n];
            for (int v = 0; v < n; v++) {
                int c = component[v];
                if (!open[v] || !countable[v] || sizes[c] < 2) {
                    continue;
                }
                // Preferred first, then loops out, then no loop calls in, then most cycles: one long compares all four.
                long score = (preferred != null && preferred[v] ? 1L << 62 : 0) | (loopOut[v] > 0 ? 1L << 61 : 0)
                        | (loopIn[v] == 0 ? 1L << 60 : 0) | Math.min((1L << 60) - 1, (long) in[v] * out[v]);
                if (best[c] < 0 || score > bestScore[c]) {
                    best[c] = v;
                    bestScore[c] = score;
                }
            }
            boolean any = false;
            for (int c = 0; c < n; c++) {
                if (best[c] >= 0) {
                    counted[best[c]] = true;
                    open[best[c]] = false;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        int[] round = roundBytes(edges, original, counted, open, component, frameBytes, plainBytes);
        if (counted0 != null) {
            for (int v = 0; v < n; v++) {
                if (counted0[v]) {
                    round[v] = 0; // counted before: not this call's choice
                }
            }
        }
        return new Cover(onCycle, round);
    }

    /** Edges between open nodes of the same original component. */
    private static int[][] restrict(int[][] edges, boolean[] open, int[] original) {
        int[][] sub = new int[edges.length][];
        for (int u = 0; u < edges.length; u++) {
            if (!open[u]) {
                sub[u] = new int[0];
                continue;
            }
            int[] out = new int[edges[u].length];
            int k = 0;
            for (int w : edges[u]) {
                if (open[w] && original[w] == original[u]) {
                    out[k++] = w;
                }
            }
            sub[u] = Arrays.copyOf(out, k);
        }
        return sub;
    }

    private static int[] sizes(int[] component, int n) {
        int[] sizes = new int[n];
        for (int c : component) {
            sizes[c]++;
        }
        return sizes;
    }

    /**
     * Uncounted nodes of a cycle now form an acyclic graph; the longest chain of their frames after a
     * counted node is what one round adds to it. {@code component} numbers that graph's nodes so
     * that successors come first, so one pass in that order sees every successor finished.
     */
    private static int[] roundBytes(int[][] edges, int[] original, boolean[] counted, boolean[] open,
                                    int[] component, int[] frameBytes, int[] plainBytes) {
        int n = edges.length;
        // Sorted as (component, node) pairs in longs: no comparator lambda to link while a class loads.
        long[] order = new long[n];
        for (int v = 0; v < n; v++) {
            order[v] = ((long) component[v] << 32) | v;
        }
        Arrays.sort(order);
        long[] chain = new long[n];
        for (long entry : order) {
            int v = (int) entry;
            if (!open[v]) {
                continue;
            }
            chain[v] = plainBytes[v] + longestNext(edges[v], v, original, open, chain, component);
        }
        int[] round = new int[n];
        for (int v = 0; v < n; v++) {
            if (counted[v]) {
                round[v] = (int) Math.min(Integer.MAX_VALUE, frameBytes[v] + longestNext(edges[v], v, original, open, chain, null));
            }
        }
        return round;
    }

    /**
     * The longest chain after {@code from}. With {@code component} given, only into other components:
     * a cycle of uncountable nodes is left in the graph, and its members are not finished before
     * each other.
     */
    private static long longestNext(int[] next, int from, int[] original, boolean[] open, long[] chain, int[] component) {
        long longest = 0;
        for (int w : next) {
            if (open[w] && w != from && original[w] == original[from]
                    && (component == null || component[w] != component[from])) {
                longest = Math.max(longest, chain[w]);
            }
        }
        return longest;
    }
}
