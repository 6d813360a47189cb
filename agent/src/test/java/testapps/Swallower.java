package testapps;

/**
 * Code that swallows overflows: a method that catches the overflow of the recursion it called and
 * returns normally, and a caller outside instrumented code that does the same.
 */
public final class Swallower {

    static int inner(int n) {
        return inner(n + 1) + 1;
    }

    /** Instrumented through a limits entry (it is in no cycle): it swallows what inner throws. */
    static int swallowInside() {
        try {
            return inner(0);
        } catch (StackOverflowError e) {
            return -1;
        }
    }

    static int outer(int n) {
        return outer(n + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        TrackerProbe.runOn("platform", 0, "swallower", () -> {
            System.out.println("inside=" + swallowInside());
            System.out.println("trackerDepth=" + TrackerProbe.depth());
            try {
                outer(0);
            } catch (StackOverflowError e) {
                System.out.println("outer caught");
            }
            // Back into instrumented code: the agent learns the overflow was caught by its caller.
            System.out.println("inside again=" + swallowInside());
            System.out.println("trackerDepth=" + TrackerProbe.depth());
        });
        System.out.println("done");
    }
}
