package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.FrameCost;

import java.util.ArrayList;
import java.util.List;

/** The scan itself: read, build the call graph, find and cost the recursions, rank them, find the deepest chains. */
final class StaticScan {

    private StaticScan() {
    }

    static ScanResult run(ScanOptions options, Progress progress) {
        ClassInputs.Loaded loaded = ClassInputs.read(options.inputs, progress);
        progress.phase(String.format(java.util.Locale.ROOT, "read %,d classes; building the call graph", loaded.classes.size()));
        CallGraph graph = CallGraph.build(loaded.classes, loaded.facts, options.maxTargets);
        progress.phase(String.format(java.util.Locale.ROOT, "%,d methods, %,d calls, %,d edges; finding cycles",
                graph.size(), graph.callSites, graph.edgeCount));

        int n = graph.size();
        int[] interpreted = new int[n];
        int[] compiled = new int[n];
        for (int v = 0; v < graph.methodCount; v++) {
            interpreted[v] = FrameCost.interpreted(graph.nodes[v]);
            compiled[v] = FrameCost.compiled(graph.nodes[v]);
        }

        List<Recursion> recursions = new ArrayList<>(RecursionFinder.find(graph));
        for (Recursion r : recursions) {
            for (int v : r.cycle) {
                r.bytesPerRound += interpreted[v];
                r.compiledBytesPerRound += compiled[v];
            }
            r.descends = Descent.descends(graph, r.cycle);
        }
        AttackSurface surface = AttackSurface.judge(graph, loaded.classes, recursions);
        recursions = Ranking.rank(recursions);
        for (int i = 0; i < recursions.size(); i++) {
            recursions.get(i).rank = i + 1;
        }
        progress.phase(String.format(java.util.Locale.ROOT, "%,d recursions; finding the deepest chains", recursions.size()));
        List<CallChain> chains = ChainFinder.deepest(graph, interpreted, compiled, options.chains);
        return new ScanResult(options, loaded, graph, recursions, chains, interpreted, compiled, surface.entryPoints(),
                progress.elapsedSeconds());
    }
}
