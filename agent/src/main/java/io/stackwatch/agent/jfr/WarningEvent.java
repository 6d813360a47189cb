package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.Warning")
@Label("Stack Warning")
@Description("A thread crossed warnAt, maxDepth or a method limit")
final class WarningEvent extends StackwatchEvent {
}
