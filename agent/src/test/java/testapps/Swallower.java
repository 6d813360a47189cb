package testapps;

/** Code that swallows overflows: inside the recursion, and outside it. */
public final class Swallower {

    static int inner(int n) {
        if (n % 1000 == 999) {
            try {
                return inner(n + 1) + 1;
            } catch (StackOverflowError e) {
                // Swallowed: the overflow stops here and the method returns as if nothing happened.
                return -1;
            }
        }
        return inner(n + 1) + 1;
    }

    static int outer(int n) {
        return outer(n + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        TrackerProbe.runOn("platform", 0, "swallower", () -> {
            System.out.println("inner=" + (inner(0) != 0));
            System.out.println("trackerDepth=" + TrackerProbe.depth());
            try {
                outer(0);
            } catch (StackOverflowError e) {
                System.out.println("outer caught");
            }
            // Back into instrumented code: the agent learns the overflow was caught by its caller.
            System.out.println("inner again=" + (inner(0) != 0));
            System.out.println("trackerDepth=" + TrackerProbe.depth());
        });
        System.out.println("done");
    }
}
