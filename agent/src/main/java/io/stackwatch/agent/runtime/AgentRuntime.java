package io.stackwatch.agent.runtime;

import io.stackwatch.agent.jmx.AgentHandle;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The running agent: the owner of its {@link Component}s. It starts them in the order it is given
 * them, keeps those that started, and {@link #detach} stops them in the reverse order, so that a
 * later attach can start afresh. It also tells the command line, through {@link AgentStatus}, that an
 * agent runs. Which components there are, and when each starts, is {@link AgentStarter}'s business.
 *
 * <p>No lambda here: the class is on premain's path.
 */
public final class AgentRuntime implements AgentHandle {

    private final Logger log;
    private final String settings;
    private final String version;
    private final List<Component> running = new ArrayList<>();
    private boolean detached;

    AgentRuntime(Logger log, String settings, String version) {
        this.log = log;
        this.settings = settings;
        this.version = version;
    }

    /** A part the agent cannot work without: if it fails, the start fails (and the caller says so in one line). */
    void startRequired(Component component) throws Exception {
        component.start();
        keep(component);
    }

    /** A part the agent can do without: a failure is one line, and the agent goes on without it. */
    void startOptional(Component component) {
        synchronized (this) {
            if (detached) {
                return;
            }
        }
        try {
            component.start();
        } catch (Throwable t) {
            log.warn("{} unavailable ({}); the agent goes on without it", component.name(), t.toString());
            return;
        }
        keep(component);
    }

    private void keep(Component component) {
        synchronized (this) {
            if (!detached) {
                running.add(component);
                return;
            }
        }
        // Detached while it started: take it back at once.
        stop(component, new StringBuilder());
    }

    /**
     * Tells the command line (through system properties) that an agent runs, with these settings: as
     * soon as the tracker and the instrumentation are in, before the rest has started.
     */
    void announce() {
        System.setProperty(AgentStatus.SETTINGS, settings);
        System.setProperty(AgentStatus.STATUS, AgentStatus.ACTIVE);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public String settings() {
        return settings;
    }

    /**
     * Takes everything back, in the reverse order of starting, and returns one line saying what was
     * done. The bootstrap-loaded core stays (classes cannot be unloaded) but is idle.
     */
    @Override
    public String detach() {
        List<Component> stopping;
        synchronized (this) {
            if (detached) {
                return "stackwatch is already detached";
            }
            detached = true;
            stopping = new ArrayList<>(running);
            running.clear();
        }
        long start = System.nanoTime();
        StringBuilder problems = new StringBuilder();
        String[] done = new String[stopping.size()];
        for (int i = stopping.size() - 1; i >= 0; i--) {
            done[i] = stop(stopping.get(i), problems);
        }
        StringBuilder line = new StringBuilder("stackwatch detached in ").append((System.nanoTime() - start) / 1_000_000)
                .append(" ms: ");
        for (String d : done) {
            if (d != null) {
                line.append(d).append(", ");
            }
        }
        line.append("agent threads stopped").append(problems);
        log.info(line.toString());
        System.setProperty(AgentStatus.STATUS, AgentStatus.DETACHED);
        System.clearProperty(AgentStatus.SETTINGS);
        System.clearProperty(AgentStatus.ENDPOINT);
        return line.toString();
    }

    /** Stops one component; what went wrong is added to {@code problems}. Returns what stopping it did. */
    private static String stop(Component component, StringBuilder problems) {
        try {
            String done = component.stopped();
            component.stop();
            return done;
        } catch (Throwable t) {
            problems.append("; stopping ").append(component.name()).append(" failed: ").append(t);
            return null;
        }
    }
}
