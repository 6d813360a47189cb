package io.stackwatch.agent.config;

import java.util.Objects;

/**
 * Settings of the operational checks: the patrol, the thread start rate and the stack in use.
 *
 * @param patrolMillis           interval between patrol rounds; 0 when the patrol is off
 * @param patrolDepth            real frames above which the patrol warns about a thread
 * @param patrolRatio            used fraction of a tracked thread's stack above which the patrol warns
 * @param patrolBudgetMillis     time one patrol round may spend on full-depth stack reads of deep threads
 * @param threadRate             platform thread starts per second that raise the alarm; 0 when off
 * @param threadRateWindowMillis the window the rate is averaged over
 * @param rejectThreadStarts     {@code threadRateAction=reject}: refuse platform thread starts while the rate is exceeded
 * @param stackInuseBytes        stack in use that raises the alarm when it lasts a window; 0 when off
 * @param stackInuseWindowMillis how long it must last
 */
public record OpsConfig(long patrolMillis, int patrolDepth, double patrolRatio, long patrolBudgetMillis, int threadRate,
                        long threadRateWindowMillis, boolean rejectThreadStarts, long stackInuseBytes,
                        long stackInuseWindowMillis) {

    /** The checks' keys of a configuration being read. */
    static OpsConfig of(Setting keys) {
        return new OpsConfig(keys.get(ConfigKey.PATROL), keys.get(ConfigKey.PATROL_DEPTH), keys.get(ConfigKey.PATROL_RATIO),
                keys.get(ConfigKey.PATROL_BUDGET), keys.get(ConfigKey.THREAD_RATE), keys.get(ConfigKey.THREAD_RATE_WINDOW),
                keys.get(ConfigKey.THREAD_RATE_ACTION), keys.get(ConfigKey.STACK_INUSE), keys.get(ConfigKey.STACK_INUSE_WINDOW));
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

    // Written out: the generated ones link an invokedynamic, and this is read on premain's path.

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OpsConfig)) {
            return false;
        }
        OpsConfig c = (OpsConfig) o;
        return c.patrolMillis == patrolMillis && c.patrolDepth == patrolDepth && c.patrolRatio == patrolRatio
                && c.patrolBudgetMillis == patrolBudgetMillis && c.threadRate == threadRate
                && c.threadRateWindowMillis == threadRateWindowMillis && c.rejectThreadStarts == rejectThreadStarts
                && c.stackInuseBytes == stackInuseBytes && c.stackInuseWindowMillis == stackInuseWindowMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(patrolMillis, patrolDepth, patrolRatio, patrolBudgetMillis, threadRate, threadRateWindowMillis,
                rejectThreadStarts, stackInuseBytes, stackInuseWindowMillis);
    }

    @Override
    public String toString() {
        return "OpsConfig[" + summary().trim() + "]";
    }
}
