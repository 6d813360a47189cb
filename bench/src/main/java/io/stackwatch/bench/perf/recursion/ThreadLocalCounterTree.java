package io.stackwatch.bench.perf.recursion;

/** The tree walk with {@link ThreadLocalCounterRecursion}'s counter: incremented on entry, decremented in {@code finally}. */
public final class ThreadLocalCounterTree {

    private static final ThreadLocal<ThreadLocalCounterRecursion.Depth> DEPTH =
            new ThreadLocal<ThreadLocalCounterRecursion.Depth>() {
                @Override
                protected ThreadLocalCounterRecursion.Depth initialValue() {
                    return new ThreadLocalCounterRecursion.Depth();
                }
            };

    private ThreadLocalCounterTree() {
    }

    public static int walk(TreeNode n) {
        ThreadLocalCounterRecursion.Depth d = DEPTH.get();
        if (++d.value > ThreadLocalCounterRecursion.LIMIT) {
            d.value--;
            throw new IllegalStateException("too deep");
        }
        try {
            int nodes = 1;
            if (n.left != null) {
                nodes += walk(n.left);
            }
            if (n.right != null) {
                nodes += walk(n.right);
            }
            return nodes;
        } finally {
            d.value--;
        }
    }
}
