package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.Patrol")
@Label("Patrol Finding")
@Description("The patrol found a thread over patrolDepth or patrolRatio")
final class PatrolEvent extends NoteEvent {
}
