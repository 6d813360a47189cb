package io.stackwatch.agent.runtime;

/**
 * One part of the running agent, owned by {@link AgentRuntime}: started once, in order, and stopped
 * by detach in the reverse order. A component that did not start is not stopped.
 */
interface Component {

    /** What it is, for the line that says it failed ("the metrics endpoint"). */
    String name();

    void start() throws Exception;

    /** Takes back what {@link #start} did: threads, transformers, registrations. */
    void stop() throws Exception;

    /** What stopping it did, for detach's one line ("Thread#start restored"); null when not worth saying. */
    default String stopped() {
        return null;
    }
}
