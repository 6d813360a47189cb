package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.Overflow")
@Label("Stack Overflow")
@Description("A real StackOverflowError unwound through instrumented code")
final class OverflowEvent extends StackwatchEvent {
}
