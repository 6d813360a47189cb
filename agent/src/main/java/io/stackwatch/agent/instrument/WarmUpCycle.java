package io.stackwatch.agent.instrument;

/**
 * A small cycle of closed calls whose class file the instrumenter rewrites once at start-up, on a
 * background thread, so that the reader's and the rewriters' classes are loaded before an
 * application class needs them. Never called.
 */
final class WarmUpCycle {

    private WarmUpCycle() {
    }

    static int down(int n) {
        return n <= 0 ? 0 : 1 + up(n - 1);
    }

    private static int up(int n) {
        return n <= 0 ? 0 : down(n - 1);
    }
}
