package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.TaskWatermark")
@Label("Task Watermark")
@Description("A task wrapped with TaskWatch reached its warnAt at its peak")
final class TaskEvent extends StackwatchEvent {
}
