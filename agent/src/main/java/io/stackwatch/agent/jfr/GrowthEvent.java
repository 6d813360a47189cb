package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.GoStackGrowth")
@Label("Go Model Stack Growth")
@Description("The Go model doubled a thread's simulated stack and copied it (trace=growth)")
final class GrowthEvent extends StackwatchEvent {
}
