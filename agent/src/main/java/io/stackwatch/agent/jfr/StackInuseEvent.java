package io.stackwatch.agent.jfr;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

@Name("io.stackwatch.StackInuse")
@Label("Stack In Use")
@Description("Stack in use stayed above stackInuse for stackInuseWindow")
final class StackInuseEvent extends NoteEvent {
}
