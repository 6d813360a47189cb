package io.stackwatch.agent.graph;

import java.util.Arrays;

/**
 * Tarjan's strongly connected components without recursion: the explicit call stack is two int
 * arrays, so graphs of any size are analysed on any thread, however small its stack.
 */
public final class StronglyConnected {

    private StronglyConnected() {
    }

    /**
     * The component id of every node of a graph given as adjacency lists. Components are numbered in
     * the order Tarjan completes them: a component's successors always have smaller ids, so
     * increasing ids are a reverse topological order of the condensation.
     */
    public static int[] components(int[][] edges) {
        int n = edges.length;
        int[] first = new int[n + 1];
        for (int v = 0; v < n; v++) {
            first[v + 1] = first[v] + edges[v].length;
        }
        int[] targets = new int[first[n]];
        for (int v = 0; v < n; v++) {
            System.arraycopy(edges[v], 0, targets, first[v], edges[v].length);
        }
        return components(first, targets);
    }

    /**
     * {@link #components(int[][])} over a graph in compressed rows: the edges out of {@code v} are
     * {@code targets[first[v]]} to {@code targets[first[v + 1] - 1]}. Two arrays for the whole graph:
     * the live call graph of a large service is rebuilt this way without an array per node.
     */
    public static int[] components(int[] first, int[] targets) {
        int n = first.length - 1;
        int[] index = new int[n];
        int[] low = new int[n];
        int[] component = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int[] stack = new int[n];
        int sp = 0;
        int[] callNode = new int[n];
        int[] callEdge = new int[n];
        int counter = 0;
        int components = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0) {
                continue;
            }
            int depth = 0;
            callNode[0] = root;
            callEdge[0] = first[root];
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth >= 0) {
                int v = callNode[depth];
                if (callEdge[depth] < first[v + 1]) {
                    int w = targets[callEdge[depth]++];
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        depth++;
                        callNode[depth] = w;
                        callEdge[depth] = first[w];
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                } else {
                    if (low[v] == index[v]) {
                        int w;
                        do {
                            w = stack[--sp];
                            onStack[w] = false;
                            component[w] = components;
                        } while (w != v);
                        components++;
                    }
                    depth--;
                    if (depth >= 0) {
                        int parent = callNode[depth];
                        low[parent] = Math.min(low[parent], low[v]);
                    }
                }
            }
        }
        return component;
    }
}
