package io.stackwatch.agent.checks;

/**
 * What the last patrol round saw, for metrics: read-only to everyone but the patrol. Fields are
 * written by the patrol thread once per round and read by scrapes at any time.
 */
public final class PatrolFigures {

    private static volatile long rounds;
    private static volatile long warnings;
    private static volatile int threads;
    private static volatile int threadsOver;
    private static volatile int deepestFrames;
    private static volatile String deepestThread = "";
    private static volatile double highestRatio;
    private static volatile long lastRoundNanos;
    private static volatile int cutShort;

    private PatrolFigures() {
    }

    static void round(int threadCount, int over, int deepest, String deepestName, double ratio, long nanos, int cut,
                      int newWarnings) {
        threads = threadCount;
        threadsOver = over;
        deepestFrames = deepest;
        deepestThread = deepestName;
        highestRatio = ratio;
        lastRoundNanos = nanos;
        cutShort = cut;
        warnings += newWarnings;
        rounds++;
    }

    /** Patrol rounds done. */
    public static long rounds() {
        return rounds;
    }

    /** Patrol warnings written so far. */
    public static long warnings() {
        return warnings;
    }

    /** Threads seen in the last round (platform threads and tracked virtual threads). */
    public static int threads() {
        return threads;
    }

    /** Threads over {@code patrolDepth} or {@code patrolRatio} in the last round. */
    public static int threadsOver() {
        return threadsOver;
    }

    /** Real frames of the deepest thread in the last round (a lower bound when its read was cut short). */
    public static int deepestFrames() {
        return deepestFrames;
    }

    public static String deepestThread() {
        return deepestThread;
    }

    /** Highest used fraction of a stack in the last round (tracked threads' figures; frame-count estimates otherwise). */
    public static double highestRatio() {
        return highestRatio;
    }

    /** How long the last round took, in nanoseconds. */
    public static long lastRoundNanos() {
        return lastRoundNanos;
    }

    /** Deep threads the last round could not read in full within its time budget. */
    public static int cutShort() {
        return cutShort;
    }
}
