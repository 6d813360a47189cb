package io.stackwatch.bench.perf.recursion;

/** The same walk as {@link PlainRecursion}; the only class the benchmark's agent instruments. */
public final class TrackedRecursion {

    private TrackedRecursion() {
    }

    public static int walk(Node n) {
        return n == null ? 0 : 1 + walk(n.next);
    }
}
