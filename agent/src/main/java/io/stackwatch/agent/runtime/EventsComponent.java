package io.stackwatch.agent.runtime;

import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.events.EventPump;
import io.stackwatch.agent.events.JsonEventLog;
import io.stackwatch.core.event.StackEvent;
import org.slf4j.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The event pipeline: the event log (when {@code eventLog=} names one) and the pump that drains the
 * tracker's queue on its own thread, with its listeners (JFR events, the counts behind the meters,
 * the OTLP export's holder) added before it runs, so that no event passes them; those that take the
 * agent's own findings too get those.
 */
final class EventsComponent implements Component {

    private final Path eventLog;
    private final Logger log;
    private final List<Consumer<StackEvent>> listeners;
    private final List<AgentNotes> noteListeners;
    private EventPump pump;

    EventsComponent(Path eventLog, Logger log, List<Consumer<StackEvent>> listeners, List<AgentNotes> noteListeners) {
        this.eventLog = eventLog;
        this.log = log;
        this.listeners = listeners;
        this.noteListeners = noteListeners;
    }

    @Override
    public String name() {
        return "the event pipeline";
    }

    @Override
    public void start() {
        pump = new EventPump(log, eventLog == null ? null : JsonEventLog.open(eventLog, log));
        for (Consumer<StackEvent> listener : listeners) {
            pump.addListener(listener);
        }
        for (AgentNotes listener : noteListeners) {
            pump.addNoteListener(listener);
        }
        pump.start();
    }

    /** Where the agent's own checks put their findings, in order with the tracker's events. */
    EventPump pump() {
        return pump;
    }

    @Override
    public void stop() {
        pump.stop();
    }
}
