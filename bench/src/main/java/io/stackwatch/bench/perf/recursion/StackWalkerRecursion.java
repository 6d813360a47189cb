package io.stackwatch.bench.perf.recursion;

/** The do-it-yourself alternative to an agent: count the real frames with {@link StackWalker} on every call. */
public final class StackWalkerRecursion {

    private static final StackWalker WALKER = StackWalker.getInstance();
    static final long LIMIT = 1_000_000;

    private StackWalkerRecursion() {
    }

    public static int walk(Node n) {
        if (WALKER.walk(frames -> frames.count()) > LIMIT) {
            throw new IllegalStateException("too deep");
        }
        return n == null ? 0 : 1 + walk(n.next);
    }
}
