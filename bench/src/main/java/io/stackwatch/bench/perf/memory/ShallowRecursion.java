package io.stackwatch.bench.perf.memory;

/** The instrumented work each thread of the memory probe does once: a few calls deep, then back. */
public final class ShallowRecursion {

    private ShallowRecursion() {
    }

    public static int descend(int levels) {
        return levels == 0 ? 0 : 1 + descend(levels - 1);
    }
}
