package testapps.scan.ping;

import testapps.scan.pong.Pong;

/**
 * A recursion across two packages (two nests): Ping#ping calls Pong#pong calls Ping#ping. The
 * agent's own selection (select=recursive) sees cycles within a nest only; a scan report names both.
 */
public final class Ping {

    public static long ping(long n, long[] deepest) {
        deepest[0] = n;
        return Pong.pong(n + 1, deepest) + 1;
    }

    public static void main(String[] args) throws Exception {
        long[] deepest = new long[1];
        Thread t = new Thread(() -> {
            try {
                ping(0, deepest);
            } catch (StackOverflowError e) {
                System.out.println("overflow " + e.getClass().getName() + " at depth " + deepest[0]);
            }
        }, "ping-pong");
        t.start();
        t.join();
        System.out.println("done");
    }
}
