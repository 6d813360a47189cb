package io.stackwatch.agent.jmx;

/** The JMX face of {@link AgentHandle}. */
public final class AgentControl implements AgentControlMBean {

    public static final String OBJECT_NAME = "io.stackwatch:type=Agent";

    private final AgentHandle runtime;

    public AgentControl(AgentHandle runtime) {
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
