package io.stackwatch.agent.jmx;

/** What the {@code io.stackwatch:type=Agent} MBean shows and does: the running agent, as JMX sees it. */
public interface AgentHandle {

    String version();

    /** The settings line the agent logged at start. */
    String settings();

    /** Takes everything back; returns one line saying what was done. */
    String detach();
}
