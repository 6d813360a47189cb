package io.stackwatch.agent.jmx;

/** JMX: {@code io.stackwatch:type=Agent}, the running agent. */
public interface AgentControlMBean {

    String getVersion();

    /** The settings line the agent logged at start. */
    String getSettings();

    /** Removes the instrumentation, stops the agent's threads and returns what was done. */
    String detach();
}
