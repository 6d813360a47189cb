package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.ThreadRate")
@Label("Thread Start Rate")
@Description("Platform threads started faster than threadRate")
final class ThreadRateEvent extends NoteEvent {
}
