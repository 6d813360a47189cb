package io.stackwatch.examples;

/**
 * A recursion with no base case: {@link #descend(long)} calls itself until the thread's stack is
 * exhausted. The overflow is caught at the top of the worker thread, which reports it and the depth
 * reached; the program then prints {@code done} and exits 0.
 *
 * <pre>java -cp stackwatch-examples.jar io.stackwatch.examples.RunawayRecursion [--virtual | --stack-size=256k]</pre>
 */
public final class RunawayRecursion {

    private static final String USAGE =
            "RunawayRecursion [--virtual | --stack-size=<bytes|256k|8m>]";

    /** The deepest call of {@link #descend(long)} so far; written by the worker, read after it ends. */
    private static long deepest;
    /** Keeps the per-frame work observable so the JIT cannot drop it. */
    private static long checksum;

    private RunawayRecursion() {
    }

    public static void main(String[] args) {
        DemoThreads threads = DemoThreads.fromArgs(args, USAGE);
        if (!threads.arguments().isEmpty()) {
            System.err.println("unexpected argument " + threads.arguments().get(0) + "; usage: " + USAGE);
            System.exit(DemoThreads.EXIT_USAGE);
        }
        String name = "runaway-worker";
        System.out.println("RunawayRecursion: unbounded recursion on " + threads.describe(name));
        threads.runAndWait(name, RunawayRecursion::work);
        System.out.println("done");
    }

    private static void work() {
        try {
            long result = startDescent();
            System.out.println("returned " + result + " (the recursion should never return)");
        } catch (StackOverflowError e) {
            System.out.println("caught " + e.getClass().getName() + ": " + e.getMessage());
        }
        System.out.println("depth reached: " + deepest);
    }

    /** A non-recursive frame between the thread's entry point and the cycle: the recursion's origin. */
    private static long startDescent() {
        deepest = 0;
        return descend(1);
    }

    /** Recurses without bound; {@code n} is this call's depth. */
    static long descend(long n) {
        deepest = n;
        long mixed = (n * 0x9E3779B97F4A7C15L) ^ (n >>> 7);
        checksum += mixed & 0xFF;
        return descend(n + 1) + (mixed & 1) + 1;
    }
}
