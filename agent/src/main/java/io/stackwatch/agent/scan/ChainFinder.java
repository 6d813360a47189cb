package io.stackwatch.agent.scan;

import io.stackwatch.agent.graph.StronglyConnected;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The deepest call chains, by interpreted stack bytes: longest paths from methods nothing in the
 * input calls, over the condensation of the call graph (each recursion is passed through once, by
 * the method the chain enters it at; its repetition is what the cycle report is for). Computed in
 * reverse topological order, without recursion.
 */
final class ChainFinder {

    private ChainFinder() {
    }

    static List<CallChain> deepest(CallGraph graph, int[] interpretedBytes, int[] compiledBytes, int count) {
        int n = graph.size();
        List<CallChain> out = new ArrayList<>();
        if (n == 0 || count == 0) {
            return out;
        }
        int[] component = StronglyConnected.components(graph.edges);
        // Successor components have smaller ids: visit nodes by increasing component id.
        int components = 0;
        for (int c : component) {
            components = Math.max(components, c + 1);
        }
        int[] start = new int[components + 1];
        for (int c : component) {
            start[c + 1]++;
        }
        for (int c = 0; c < components; c++) {
            start[c + 1] += start[c];
        }
        int[] order = new int[n];
        int[] fill = java.util.Arrays.copyOf(start, components);
        for (int v = 0; v < n; v++) {
            order[fill[component[v]]++] = v;
        }
        long[] best = new long[n];
        int[] next = new int[n];
        for (int u : order) {
            long deepest = 0;
            int via = -1;
            for (int v : graph.edges[u]) {
                if (component[v] != component[u] && best[v] > deepest) {
                    deepest = best[v];
                    via = v;
                }
            }
            best[u] = interpretedBytes[u] + deepest;
            next[u] = via;
        }
        List<Integer> roots = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (graph.callers[v].length == 0 && next[v] >= 0) {
                roots.add(v);
            }
        }
        roots.sort((a, b) -> best[a] != best[b] ? Long.compare(best[b], best[a]) : Integer.compare(a, b));
        Set<Integer> continuations = new HashSet<>();
        for (int root : roots) {
            if (out.size() >= count) {
                break;
            }
            if (!continuations.add(next[root])) {
                continue; // the same chain entered from another root
            }
            List<Integer> chain = new ArrayList<>();
            long compiled = 0;
            for (int v = root; v >= 0; v = next[v]) {
                chain.add(v);
                compiled += compiledBytes[v];
            }
            int[] methods = new int[chain.size()];
            for (int i = 0; i < methods.length; i++) {
                methods[i] = chain.get(i);
            }
            out.add(new CallChain(methods, best[root], compiled));
        }
        return out;
    }
}
