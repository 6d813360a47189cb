package io.stackwatch.bench.perf.recursion;

/**
 * {@link DepthParameterTree} with what the agent's rewrite adds besides the parameter: a handler
 * around the body that catches a {@link StackOverflowError}, reports it and rethrows it. The difference
 * to {@link DepthParameterTree} is what that handler costs.
 */
public final class OverflowHandlerTree {

    static volatile int overflows;

    private OverflowHandlerTree() {
    }

    public static int walk(TreeNode n, int depth) {
        if ((++depth & 63) == 0) {
            check(depth);
        }
        try {
            int nodes = 1;
            if (n.left != null) {
                nodes += walk(n.left, depth);
            }
            if (n.right != null) {
                nodes += walk(n.right, depth);
            }
            return nodes;
        } catch (StackOverflowError e) {
            report(depth);
            throw e;
        }
    }

    private static void check(int depth) {
        if (depth > DepthParameterTree.LIMIT) {
            throw new IllegalStateException("too deep: " + depth);
        }
    }

    private static void report(int depth) {
        overflows++;
    }
}
