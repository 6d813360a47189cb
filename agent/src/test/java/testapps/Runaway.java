package testapps;

/** A runaway recursion, overflowed for real a number of times. Args: kind stackSize rounds. */
public final class Runaway {

    static long descend(long n, long[] deepest) {
        deepest[0] = n;
        return descend(n + 1, deepest) + 1;
    }

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "platform";
        long stackSize = args.length > 1 ? Long.parseLong(args[1]) : 0;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        TrackerProbe.runOn(kind, stackSize, "runaway-" + kind, () -> {
            for (int r = 0; r < rounds; r++) {
                long[] deepest = new long[1];
                try {
                    descend(0, deepest);
                } catch (StackOverflowError e) {
                    System.out.println("overflow " + e.getClass().getName() + " at depth " + deepest[0]);
                }
                System.out.println("trackerDepth=" + TrackerProbe.depth());
            }
        });
        System.out.println("done");
    }
}
