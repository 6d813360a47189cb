package io.stackwatch.bench.perf.recursion;

/** The baseline: the walk as written, never instrumented (the agent's include leaves it out). */
public final class PlainRecursion {

    private PlainRecursion() {
    }

    public static int walk(Node n) {
        return n == null ? 0 : 1 + walk(n.next);
    }
}
