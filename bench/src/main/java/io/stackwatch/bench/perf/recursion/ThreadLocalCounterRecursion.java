package io.stackwatch.bench.perf.recursion;

/**
 * The best hand-written equivalent of what the agent does: a thread-local holder of a depth count,
 * incremented on entry and decremented in {@code finally}, so that it stays right when the call throws.
 */
public final class ThreadLocalCounterRecursion {

    static final class Depth {
        int value;
    }

    private static final ThreadLocal<Depth> DEPTH = new ThreadLocal<Depth>() {
        @Override
        protected Depth initialValue() {
            return new Depth();
        }
    };

    static final int LIMIT = 1_000_000;

    private ThreadLocalCounterRecursion() {
    }

    public static int walk(Node n) {
        Depth d = DEPTH.get();
        if (++d.value > LIMIT) {
            d.value--;
            throw new IllegalStateException("too deep");
        }
        try {
            return n == null ? 0 : 1 + walk(n.next);
        } finally {
            d.value--;
        }
    }
}
