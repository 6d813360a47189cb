package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.Interception")
@Label("Call Intercepted")
@Description("action=throw stopped a call with StackDepthExceededError")
final class InterceptionEvent extends StackwatchEvent {
}
