package io.stackwatch.agent.jmx;

/** The agent's state as JMX attributes, under {@code io.stackwatch:type=Stackwatch}. Read-only. */
public interface StackwatchMXBean {

    int getThreadsTracked();

    /** Highest share of its stack any live tracked thread uses now (0 to 1). */
    double getMaxUsageRatio();

    int getMaxDepth();

    long getStackInuseBytes();

    long getGoStackInuseBytes();

    long getGoStackGrowths();

    long getGoStackShrinks();

    long getGoStackCopiedBytes();

    long getWarnings();

    long getInterceptions();

    long getOverflows();

    long getEventsDropped();

    /** The live threads with the highest peaks, highest first: {@code "name (id N): ratio 0.71, depth 4474"}. */
    String[] getTopThreads();
}
