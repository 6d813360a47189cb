package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.Swallowed")
@Label("Overflow Swallowed")
@Description("A StackOverflowError was caught and the thread went on")
final class SwallowedEvent extends StackwatchEvent {
}
