package io.stackwatch.agent.runtime;

/**
 * What a running agent tells the command line through the Attach API: system properties of the
 * target JVM, read by {@code attach}, {@code detach} and {@code report} before they do anything (and
 * by {@code attach} after, to print back what the target's standard error said and where it serves).
 */
public final class AgentStatus {

    /** {@code active} while an agent runs, {@code detached} after detach; absent before any start. */
    public static final String STATUS = "io.stackwatch.agent.status";
    /** The settings line of the running agent. */
    public static final String SETTINGS = "io.stackwatch.agent.settings";
    /** The configuration problems of the last start, one per line (for the attach command to print back). */
    public static final String PROBLEMS = "io.stackwatch.agent.problems";
    /** The URL the metrics endpoint serves, once it does (for the attach command to print back). */
    public static final String ENDPOINT = "io.stackwatch.agent.endpoint";

    static final String ACTIVE = "active";
    static final String DETACHED = "detached";

    private AgentStatus() {
    }

    /** Whether a property read from a target JVM says an agent runs there. */
    public static boolean active(String status) {
        return ACTIVE.equals(status);
    }
}
