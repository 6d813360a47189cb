package io.stackwatch.agent.checks;

import io.stackwatch.core.threads.ThreadStartBreaker;

/**
 * Thread start rate and stack in use as the agent's monitors last saw them, for metrics. Read-only
 * to everyone but the monitors, which write once per second.
 */
public final class ThreadFigures {

    private static volatile double startRate;
    private static volatile long started;
    private static volatile long rateAlarms;
    private static volatile long modelInuseBytes;
    private static volatile long nmtCommittedBytes = -1;
    private static volatile long inuseAlarms;

    private ThreadFigures() {
    }

    static void rate(long totalStarted, double perSecond) {
        started = totalStarted;
        startRate = perSecond;
    }

    static void rateAlarm() {
        rateAlarms++;
    }

    static void inuse(long model, long nmt) {
        modelInuseBytes = model;
        nmtCommittedBytes = nmt;
    }

    static void inuseAlarm() {
        inuseAlarms++;
    }

    /** Platform threads started per second, averaged over {@code threadRateWindow}. */
    public static double startRate() {
        return startRate;
    }

    /** Platform threads started since the JVM began. */
    public static long started() {
        return started;
    }

    /** Times the start rate went over {@code threadRate}. */
    public static long rateAlarms() {
        return rateAlarms;
    }

    /** Thread starts refused by {@code threadRateAction=reject}. */
    public static long refused() {
        return ThreadStartBreaker.refused();
    }

    /** The Go model's stack in use: the sum of its stack sizes over the live tracked threads. */
    public static long modelInuseBytes() {
        return modelInuseBytes;
    }

    /** Committed thread-stack memory from Native Memory Tracking, or -1 when the JVM does not track it. */
    public static long nmtCommittedBytes() {
        return nmtCommittedBytes;
    }

    /** Times stack in use stayed over {@code stackInuse} for a window. */
    public static long inuseAlarms() {
        return inuseAlarms;
    }
}
