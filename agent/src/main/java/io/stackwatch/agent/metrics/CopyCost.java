package io.stackwatch.agent.metrics;

/**
 * The simulated copy time of the Go model: what moving the copied bytes costs on this machine.
 * Go's {@code copystack} is a memory move plus a pointer adjustment per frame; the move dominates,
 * so the rate is measured once, at start, by timing {@link System#arraycopy} over a
 * stack-sized buffer (the fastest of several rounds: the cost of the copy itself, not of a pause).
 */
public final class CopyCost {

    private static final int BUFFER = 256 * 1024;
    private final double secondsPerByte;

    private CopyCost(double secondsPerByte) {
        this.secondsPerByte = secondsPerByte;
    }

    /** Measures this machine's copy rate (a few milliseconds; call off the application's threads). */
    public static CopyCost measure() {
        byte[] from = new byte[BUFFER];
        byte[] to = new byte[BUFFER];
        for (int i = 0; i < from.length; i += 64) {
            from[i] = (byte) i;
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 200; round++) {
            long t0 = System.nanoTime();
            System.arraycopy(from, 0, to, 0, BUFFER);
            long t = System.nanoTime() - t0;
            if (t > 0 && t < best) {
                best = t;
            }
        }
        if (to[64] != from[64] || best == Long.MAX_VALUE) {
            best = BUFFER / 10; // 10 bytes per ns, should the clock not tell
        }
        return new CopyCost(best / 1e9 / BUFFER);
    }

    /** A fixed rate, for tests. */
    static CopyCost of(double secondsPerByte) {
        return new CopyCost(secondsPerByte);
    }

    public double secondsPerByte() {
        return secondsPerByte;
    }

    /** Seconds the simulated copies of {@code bytes} took. */
    public double seconds(long bytes) {
        return bytes * secondsPerByte;
    }
}
