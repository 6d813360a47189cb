package testapps;

/**
 * Finds how deep a recursion can go on a thread (by overflowing one), then runs a deep but safe
 * recursion, to under half that depth, many times on another thread of the same size: interpreted
 * at first, JIT-compiled later. The safe thread must never be warned about.
 */
public final class SafeDeep {

    static long deepest;

    /** The same frame as {@link #bounded}'s (a limit it never reaches): its overflow depth measures bounded's. */
    static long descend(long n, long limit) {
        deepest = n;
        return n >= limit ? n : descend(n + 1, limit) + 1;
    }

    static long bounded(long n, long limit) {
        return n >= limit ? n : bounded(n + 1, limit) + 1;
    }

    public static void main(String[] args) throws Exception {
        long stackSize = args.length > 0 ? Long.parseLong(args[0]) : 0;
        TrackerProbe.runOn("platform", stackSize, "probe", () -> {
            try {
                descend(0, Long.MAX_VALUE);
            } catch (StackOverflowError e) {
                System.out.println("overflow depth=" + deepest);
            }
        });
        long safe = (long) (deepest * 0.45);
        TrackerProbe.runOn("platform", stackSize, "safe", () -> {
            long sum = 0;
            for (int i = 0; i < 300; i++) {
                sum += bounded(0, safe);
            }
            System.out.println("safe depth=" + safe + " sum=" + sum);
        });
        System.out.println("done");
    }
}
