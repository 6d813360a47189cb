package testapps;

/** A recursion that runs across three top-level classes: no class recurses on its own. */
public final class CrossClassRecursion {

    public static void main(String[] args) throws Exception {
        TrackerProbe.runOn("platform", 0, "cross-class", () -> {
            try {
                CrossFirst.visit(0);
            } catch (StackOverflowError e) {
                System.out.println("overflow " + e.getClass().getName());
            }
            System.out.println("trackerDepth=" + TrackerProbe.depth());
        });
        System.out.println("done");
    }
}

final class CrossFirst {
    static int visit(int n) {
        return CrossSecond.accept(n + 1) + 1;
    }
}

final class CrossSecond {
    static int accept(int n) {
        return CrossThird.dispatch(n + 1) + 1;
    }
}

final class CrossThird {
    static int dispatch(int n) {
        return CrossFirst.visit(n + 1) + 1;
    }
}
