package io.stackwatch.bench.perf.recursion;

/** The baseline tree walk, never instrumented: one call per node, one recursive call per child. */
public final class PlainTree {

    private PlainTree() {
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
