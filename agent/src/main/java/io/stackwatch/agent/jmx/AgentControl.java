package io.stackwatch.agent.jmx;

import io.stackwatch.agent.runtime.AgentRuntime;

/** The JMX face of {@link AgentRuntime}. */
public final class AgentControl implements AgentControlMBean {

    public static final String OBJECT_NAME = "io.stackwatch:type=Agent";

    private final AgentRuntime runtime;

    public AgentControl(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String getVersion() {
        return runtime.version();
    }

    @Override
    public String getSettings() {
        return runtime.settings();
    }

    @Override
    public String detach() {
        return runtime.detach();
    }
}
