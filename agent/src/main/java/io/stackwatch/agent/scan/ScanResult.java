package io.stackwatch.agent.scan;

import java.util.List;

/** Everything a report needs: what was read, the recursions ranked riskiest first, the deepest chains. */
final class ScanResult {

    final ScanOptions options;
    final ClassInputs.Loaded loaded;
    final CallGraph graph;
    /** Every recursion found, riskiest first ({@link Recursion#rank} is 1-based). */
    final List<Recursion> recursions;
    final List<CallChain> chains;
    final int[] interpretedBytes;
    final int[] compiledBytes;
    final double seconds;
    /** Public methods of public classes that take input (see {@link AttackSurface}). */
    final int entryPoints;

    ScanResult(ScanOptions options, ClassInputs.Loaded loaded, CallGraph graph, List<Recursion> recursions,
               List<CallChain> chains, int[] interpretedBytes, int[] compiledBytes, int entryPoints, double seconds) {
        this.entryPoints = entryPoints;
        this.options = options;
        this.loaded = loaded;
        this.graph = graph;
        this.recursions = recursions;
        this.chains = chains;
        this.interpretedBytes = interpretedBytes;
        this.compiledBytes = compiledBytes;
        this.seconds = seconds;
    }

    long capacityBytes() {
        return options.capacityBytes();
    }

    long rounds(long bytesPerRound) {
        return bytesPerRound <= 0 ? 0 : capacityBytes() / bytesPerRound;
    }

    int unguarded() {
        int n = 0;
        for (Recursion r : recursions) {
            if (!r.guarded()) {
                n++;
            }
        }
        return n;
    }

    /** Unguarded recursions that input drives: what {@code --fail-on unguarded} fails on. */
    int unguardedInputDriven() {
        int n = 0;
        for (Recursion r : recursions) {
            if (!r.guarded() && r.surface == AttackSurface.INPUT) {
                n++;
            }
        }
        return n;
    }

    Recursion firstUnguardedInputDriven() {
        for (Recursion r : recursions) {
            if (!r.guarded() && r.surface == AttackSurface.INPUT) {
                return r;
            }
        }
        return null;
    }

    /** The recursions the report shows: the first {@code --top} (all with 0). */
    List<Recursion> reported() {
        int top = options.top;
        return top == 0 || top >= recursions.size() ? recursions : recursions.subList(0, top);
    }
}
