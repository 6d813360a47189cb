package testapps;

/**
 * A thread asking for a 384 KiB stack after 1 MiB threads ended: glibc hands it a 1 MiB stack it
 * cached. Then it recurses about 330 KB deep (run it with -Xint: interpreted frames of known size),
 * more than 384 KiB less the JVM's guard zones, far less than the stack it really has. Args: the depth.
 */
public final class ReusedStack {

    static int down(int n) {
        return n <= 0 ? 0 : down(n - 1) + 1;
    }

    public static void main(String[] args) throws Exception {
        int depth = Integer.parseInt(args[0]);
        // Several, so that a stack the agent's own threads take first still leaves one in glibc's cache;
        // a moment for the ended threads' stacks to get there.
        Thread[] big = new Thread[8];
        for (int i = 0; i < big.length; i++) {
            big[i] = new Thread(null, () -> down(10), "big-" + i, 0);
            big[i].start();
        }
        for (Thread t : big) {
            t.join();
        }
        Thread.sleep(300);
        int[] reached = new int[1];
        Thread small = new Thread(null, () -> {
            try {
                reached[0] = down(depth);
            } catch (StackOverflowError e) {
                reached[0] = -1;
            }
        }, "small", 384 * 1024);
        small.start();
        small.join();
        System.out.println(reached[0] < 0 ? "overflowed: no stack was reused" : "reached " + reached[0]);
    }
}
