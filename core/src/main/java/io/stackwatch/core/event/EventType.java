package io.stackwatch.core.event;

/** What happened. The lower-case name is the {@code type} field of the event log. */
public enum EventType {
    /** A thread's usage crossed {@code warnAt} (or {@code maxDepth}/a method limit under {@code action=warn}). */
    WARN,
    /** {@code action=throw} stopped a call with {@code StackDepthExceededError}. */
    INTERCEPT,
    /** A real {@link StackOverflowError} unwound through instrumented code. */
    OVERFLOW,
    /** An overflow was caught below an instrumented frame and execution went on normally. */
    SWALLOWED,
    /** The Go model grew a thread's stack ({@code trace=growth}). */
    GROWTH,
    /** The Go model's stack would have exceeded its maximum: Go's fatal "stack overflow". */
    GO_OVERFLOW,
    /** A wrapped task's stack watermark crossed its line (see {@code io.stackwatch.core.tasks}). */
    TASK;

    /** The name used in the event log. */
    public String jsonName() {
        return this == GO_OVERFLOW ? "go-overflow" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
