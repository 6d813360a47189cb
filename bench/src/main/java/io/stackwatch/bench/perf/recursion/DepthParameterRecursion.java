package io.stackwatch.bench.perf.recursion;

/** The hand-written guard (the article's {@code safeDFS}): a depth parameter checked against a limit. */
public final class DepthParameterRecursion {

    /** Far above any depth the benchmark walks: the check always passes, as in a healthy service. */
    static final int LIMIT = 1_000_000;

    private DepthParameterRecursion() {
    }

    public static int walk(Node n, int depth) {
        if (depth > LIMIT) {
            throw new IllegalStateException("too deep: " + depth);
        }
        return n == null ? 0 : 1 + walk(n.next, depth + 1);
    }
}
