package testapps;

/** Ten thousand exception unwinds through a recursion, then real overflows: depth must stay exact. */
public final class ExceptionUnwinds {

    static int down(int n) {
        if (n == 0) {
            throw new IllegalStateException("bottom");
        }
        return down(n - 1) + 1;
    }

    static int forever(int n) {
        return forever(n + 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        int unwinds = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int overflows = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        TrackerProbe.runOn("platform", 0, "unwinder", () -> {
            int caught = 0;
            for (int i = 0; i < unwinds; i++) {
                try {
                    down(50);
                } catch (IllegalStateException e) {
                    caught++;
                }
            }
            System.out.println("unwinds=" + caught + " trackerDepth=" + TrackerProbe.depth());
            for (int i = 0; i < overflows; i++) {
                try {
                    forever(0);
                } catch (StackOverflowError e) {
                    System.out.println("overflow " + i + " trackerDepth=" + TrackerProbe.depth());
                }
            }
        });
        System.out.println("done");
    }
}
