package io.stackwatch.bench.perf.recursion;

/** The same walk as {@link PlainTree}, in a class the benchmark's agent instruments. */
public final class TrackedTree {

    private TrackedTree() {
    }

    public static int walk(TreeNode n) {
        int nodes = 1;
        if (n.left != null) {
            nodes += walk(n.left);
        }
        if (n.right != null) {
            nodes += walk(n.right);
        }
        return nodes;
    }
}
