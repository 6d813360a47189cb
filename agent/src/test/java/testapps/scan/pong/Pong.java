package testapps.scan.pong;

import testapps.scan.ping.Ping;

/** The other half of the cycle, in another package. */
public final class Pong {

    public static long pong(long n, long[] deepest) {
        deepest[0] = n;
        return Ping.ping(n + 1, deepest) + 1;
    }
}
