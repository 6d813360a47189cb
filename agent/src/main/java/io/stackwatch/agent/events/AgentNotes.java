package io.stackwatch.agent.events;

/** Where the agent's own checks (patrol, thread rate, stack in use) put a finding: the log and the event log. */
public interface AgentNotes {

    /** One finding: its log line ({@code warning} or info) and its event-log object. */
    void note(boolean warning, String text, String json);
}
