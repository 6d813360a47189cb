package io.stackwatch.agent.config;

/** Settings of the operational checks: the patrol, the thread start rate and the stack in use. Immutable. */
public final class OpsConfig {

    public static final OpsConfig DEFAULTS = new OpsConfig(0, 2000, 0.7, 200, 0, 10_000, false, 0, 60_000);

    private final long patrolMillis;
    private final int patrolDepth;
    private final double patrolRatio;
    private final long patrolBudgetMillis;
    private final int threadRate;
    private final long threadRateWindowMillis;
    private final boolean rejectThreadStarts;
    private final long stackInuseBytes;
    private final long stackInuseWindowMillis;

    public OpsConfig(long patrolMillis, int patrolDepth, double patrolRatio, long patrolBudgetMillis, int threadRate,
                     long threadRateWindowMillis, boolean rejectThreadStarts, long stackInuseBytes,
                     long stackInuseWindowMillis) {
        this.patrolMillis = patrolMillis;
        this.patrolDepth = patrolDepth;
        this.patrolRatio = patrolRatio;
        this.patrolBudgetMillis = patrolBudgetMillis;
        this.threadRate = threadRate;
        this.threadRateWindowMillis = threadRateWindowMillis;
        this.rejectThreadStarts = rejectThreadStarts;
        this.stackInuseBytes = stackInuseBytes;
        this.stackInuseWindowMillis = stackInuseWindowMillis;
    }

    /** Interval between patrol rounds; 0 when the patrol is off. */
    public long patrolMillis() {
        return patrolMillis;
    }

    /** Real frames above which the patrol warns about a thread. */
    public int patrolDepth() {
        return patrolDepth;
    }

    /** Used fraction of a tracked thread's stack above which the patrol warns. */
    public double patrolRatio() {
        return patrolRatio;
    }

    /** Time one patrol round may spend on full-depth stack reads of deep threads. */
    public long patrolBudgetMillis() {
        return patrolBudgetMillis;
    }

    /** Platform thread starts per second that raise the alarm; 0 when off. */
    public int threadRate() {
        return threadRate;
    }

    public long threadRateWindowMillis() {
        return threadRateWindowMillis;
    }

    /** {@code threadRateAction=reject}: refuse platform thread starts while the rate is exceeded. */
    public boolean rejectThreadStarts() {
        return rejectThreadStarts;
    }

    /** Stack in use (bytes) that raises the alarm when it lasts a window; 0 when off. */
    public long stackInuseBytes() {
        return stackInuseBytes;
    }

    public long stackInuseWindowMillis() {
        return stackInuseWindowMillis;
    }

    /** The non-default settings for the start-up line, each with a leading space. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        if (patrolMillis > 0) {
            sb.append(" patrol=").append(Durations.format(patrolMillis)).append(" patrolDepth=").append(patrolDepth)
                    .append(" patrolRatio=").append(patrolRatio);
        }
        if (threadRate > 0) {
            sb.append(" threadRate=").append(threadRate).append("/s over ").append(Durations.format(threadRateWindowMillis))
                    .append(rejectThreadStarts ? " threadRateAction=reject" : "");
        }
        if (stackInuseBytes > 0) {
            sb.append(" stackInuse=").append(stackInuseBytes).append(" over ").append(Durations.format(stackInuseWindowMillis));
        }
        return sb.toString();
    }
}
