package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.ThreadRateOk")
@Label("Thread Start Rate Back")
@Description("Platform thread starts fell back below threadRate")
final class ThreadRateOkEvent extends NoteEvent {
}
