package io.stackwatch.agent.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;

/**
 * A finding of the agent's own checks (patrol, thread start rate, stack in use): its log line, and
 * the event log's object with every figure. The patrol's names a thread, also typed in {@link #thread}.
 */
@Category("stackwatch")
@StackTrace(false)
abstract class NoteEvent extends jdk.jfr.Event {

    @Label("Thread")
    @Description("The thread the finding is about, if it names one that is alive")
    Thread thread;

    @Label("Message")
    String message;

    @Label("Warning")
    boolean warning;

    @Label("Details")
    @Description("The finding as the event log writes it (JSON)")
    String details;
}
