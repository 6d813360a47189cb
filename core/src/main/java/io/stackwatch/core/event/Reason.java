package io.stackwatch.core.event;

/** Why an event was raised: the line that was crossed, or how an overflow ended. The name is the event log's {@code reason}. */
public enum Reason {
    /** Stack use reached {@code warnAt}. */
    WARN_AT("warnAt"),
    /** Stack use reached {@code throwAt} ({@code action=throw}). */
    THROW_AT("throwAt"),
    /** Instrumented depth went over {@code maxDepth}. */
    MAX_DEPTH("maxDepth"),
    /** A method's own depth went over its {@code limits} entry. */
    LIMIT("limit"),
    /** An instrumented method (or code it called) caught an overflow and returned normally. */
    CAUGHT("caught"),
    /** An overflow was caught outside instrumented code: seen when the thread next enters it. */
    CAUGHT_BY_A_CALLER("caught by a caller"),
    /** The Go model's stack would have grown past {@code go.max}. */
    GO_MAX("go.max"),
    /** A task wrapped with {@code TaskWatch} reached its wrapper's {@code warnAt} at its peak. */
    TASK_WARN_AT("taskWarnAt");

    private final String jsonName;

    Reason(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The event log's {@code reason}. */
    public String jsonName() {
        return jsonName;
    }

    /** Whether the event's {@code limit} is a depth (else a fraction of the stack, or bytes). */
    public boolean limitIsADepth() {
        return this == MAX_DEPTH || this == LIMIT;
    }
}
