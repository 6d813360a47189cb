package io.stackwatch.agent.jfr;

import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.events.EventView;
import io.stackwatch.core.event.StackEvent;

import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the tracker's events and the agent's own findings into JFR events, on the agent's event
 * thread: one event type per kind of event ({@code stackwatch.jfc} enables them all). Costs nothing
 * unless a recording is on: an event class that no recording enables is not even instantiated.
 */
public final class JfrEvents implements Consumer<StackEvent>, AgentNotes {

    private static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");
    private static final Pattern THREAD_ID = Pattern.compile("\"threadId\":(\\d+)");

    private final WarningEvent warning = new WarningEvent();
    private final InterceptionEvent interception = new InterceptionEvent();
    private final OverflowEvent overflow = new OverflowEvent();
    private final SwallowedEvent swallowed = new SwallowedEvent();
    private final GrowthEvent growth = new GrowthEvent();
    private final GoOverflowEvent goOverflow = new GoOverflowEvent();
    private final TaskEvent task = new TaskEvent();
    private final PatrolEvent patrol = new PatrolEvent();
    private final ThreadRateEvent threadRate = new ThreadRateEvent();
    private final ThreadRateOkEvent threadRateOk = new ThreadRateOkEvent();
    private final StackInuseEvent stackInuse = new StackInuseEvent();

    @Override
    public void accept(StackEvent e) {
        StackwatchEvent jfr;
        switch (e.type) {
            case WARN:
                jfr = warning.isEnabled() ? new WarningEvent() : null;
                break;
            case INTERCEPT:
                jfr = interception.isEnabled() ? new InterceptionEvent() : null;
                break;
            case OVERFLOW:
                jfr = overflow.isEnabled() ? new OverflowEvent() : null;
                break;
            case SWALLOWED:
                jfr = swallowed.isEnabled() ? new SwallowedEvent() : null;
                break;
            case GROWTH:
                jfr = growth.isEnabled() ? new GrowthEvent() : null;
                break;
            case GO_OVERFLOW:
                jfr = goOverflow.isEnabled() ? new GoOverflowEvent() : null;
                break;
            case TASK:
                jfr = task.isEnabled() ? new TaskEvent() : null;
                break;
            default:
                jfr = null;
        }
        if (jfr != null) {
            jfr.fill(new EventView(e));
            jfr.commit();
        }
    }

    @Override
    public void note(boolean isWarning, String text, String json) {
        Matcher m = TYPE.matcher(json == null ? "" : json);
        String type = m.find() ? m.group(1) : "";
        NoteEvent jfr;
        switch (type) {
            case "patrol":
                jfr = patrol.isEnabled() ? new PatrolEvent() : null;
                break;
            case "thread-rate":
                jfr = threadRate.isEnabled() ? new ThreadRateEvent() : null;
                break;
            case "thread-rate-ok":
                jfr = threadRateOk.isEnabled() ? new ThreadRateOkEvent() : null;
                break;
            case "stack-inuse":
                jfr = stackInuse.isEnabled() ? new StackInuseEvent() : null;
                break;
            default:
                jfr = null;
        }
        if (jfr != null) {
            Matcher id = THREAD_ID.matcher(json);
            jfr.thread = id.find() ? LiveThreads.byId(Long.parseLong(id.group(1))) : null;
            jfr.message = text;
            jfr.warning = isWarning;
            jfr.details = json;
            jfr.commit();
        }
    }
}
