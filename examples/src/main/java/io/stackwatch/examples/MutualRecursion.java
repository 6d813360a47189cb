package io.stackwatch.examples;

/**
 * Mutual recursion: {@link #isEven(long)} and {@link #isOdd(long)} call each other, one call per unit
 * of {@code n}. Fed a huge {@code n} the two-method cycle exhausts the stack; the overflow is caught
 * at the top of the worker thread and reported with the depth reached. A small {@code n} (given as
 * the first argument) just answers.
 *
 * <pre>java -cp stackwatch-examples.jar io.stackwatch.examples.MutualRecursion [n] [--virtual | --stack-size=256k]</pre>
 */
public final class MutualRecursion {

    private static final String USAGE =
            "MutualRecursion [n, default 1000000000] [--virtual | --stack-size=<bytes|256k|8m>]";
    private static final long DEFAULT_N = 1_000_000_000L;

    /** Calls made into the cycle so far, which is the depth: none of them has returned yet. */
    private static long calls;

    private MutualRecursion() {
    }

    public static void main(String[] args) {
        DemoThreads threads = DemoThreads.fromArgs(args, USAGE);
        long n = nArgument(threads);
        String name = "parity-worker";
        System.out.println("MutualRecursion: isEven(" + n + ") on " + threads.describe(name));
        threads.runAndWait(name, () -> work(n));
        System.out.println("done");
    }

    private static long nArgument(DemoThreads threads) {
        if (threads.arguments().isEmpty()) {
            return DEFAULT_N;
        }
        long n = -1;
        try {
            n = Long.parseLong(threads.arguments().get(0));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (threads.arguments().size() > 1 || n < 0) {
            System.err.println("expected one non-negative n, got " + threads.arguments() + "; usage: " + USAGE);
            System.exit(DemoThreads.EXIT_USAGE);
        }
        return n;
    }

    private static void work(long n) {
        calls = 0;
        try {
            boolean even = isEven(n);
            System.out.println("isEven(" + n + ") = " + even);
        } catch (StackOverflowError e) {
            System.out.println("caught " + e.getClass().getName() + ": " + e.getMessage());
        }
        System.out.println("depth reached: " + calls);
    }

    static boolean isEven(long n) {
        calls++;
        return n == 0 || isOdd(n - 1);
    }

    static boolean isOdd(long n) {
        calls++;
        return n != 0 && isEven(n - 1);
    }
}
