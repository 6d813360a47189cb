package io.stackwatch.bench.perf.recursion;

/**
 * The tree walk with the guard written by hand the way the agent's rewrite writes it: an {@code int
 * depth} parameter, and every 64 levels an out-of-line look at it.
 */
public final class DepthParameterTree {

    /** Far above any depth the benchmark walks: the look always passes, as in a healthy service. */
    static final int LIMIT = 1_000_000;

    private DepthParameterTree() {
    }

    public static int walk(TreeNode n, int depth) {
        if ((++depth & 63) == 0) {
            check(depth);
        }
        int nodes = 1;
        if (n.left != null) {
            nodes += walk(n.left, depth);
        }
        if (n.right != null) {
            nodes += walk(n.right, depth);
        }
        return nodes;
    }

    private static void check(int depth) {
        if (depth > LIMIT) {
            throw new IllegalStateException("too deep: " + depth);
        }
    }
}
