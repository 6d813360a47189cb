package testapps;

/** A runaway recursion that action=throw should stop early; the program carries on. */
public final class Intercepted {

    static int finallyRuns;

    static long descend(long n) {
        return descend(n + 1) + 1;
    }

    static long guarded() {
        try {
            return descend(0);
        } finally {
            // Must run normally: an interception leaves stack for it.
            finallyRuns++;
        }
    }

    public static void main(String[] args) throws Exception {
        TrackerProbe.runOn("platform", 0, "intercepted", () -> {
            for (int r = 0; r < 3; r++) {
                try {
                    guarded();
                } catch (StackOverflowError e) {
                    System.out.println("caught " + e.getClass().getName() + ": " + e.getMessage());
                }
                System.out.println("trackerDepth=" + TrackerProbe.depth());
            }
            System.out.println("finallyRuns=" + finallyRuns);
            // The thread keeps working: a shallow recursion still runs normally.
            System.out.println("fib=" + fib(20));
        });
        System.out.println("done");
    }

    static int fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
}
