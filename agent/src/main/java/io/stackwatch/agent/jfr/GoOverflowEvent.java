package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.GoOverflow")
@Label("Go Model Overflow")
@Description("The Go model's stack would have exceeded its maximum: where Go would have died")
final class GoOverflowEvent extends StackwatchEvent {
}
