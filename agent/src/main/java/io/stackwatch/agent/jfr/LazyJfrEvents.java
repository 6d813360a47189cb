package io.stackwatch.agent.jfr;

import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.core.event.StackEvent;
import org.slf4j.Logger;

import java.util.function.Consumer;

/**
 * {@link JfrEvents}, set up on the event thread at the first event that a recording could take (once
 * the JVM's flight recorder is initialized): registering JFR event classes loads much of JFR (about
 * 200 ms at start-up, measured), which the application should not wait for, and most runs never
 * record.
 */
public final class LazyJfrEvents implements Consumer<StackEvent>, AgentNotes {

    private final Logger log;
    private JfrEvents events;
    private boolean unavailable;

    public LazyJfrEvents(Logger log) {
        this.log = log;
    }

    // Only the event thread calls these (one at a time: EventPump.handle and note are synchronized).
    @Override
    public void accept(StackEvent e) {
        if (ready()) {
            events.accept(e);
        }
    }

    @Override
    public void note(boolean warning, String text, String json) {
        if (ready()) {
            events.note(warning, text, json);
        }
    }

    private boolean ready() {
        if (unavailable) {
            return false;
        }
        if (events == null) {
            try {
                if (!jdk.jfr.FlightRecorder.isInitialized()) {
                    // No recording has ever run in this JVM, so none can take the event: skip it, and
                    // do not hold up the listeners after this one (the counts) for JFR's set-up.
                    return false;
                }
                events = new JfrEvents();
            } catch (LinkageError noJfr) {
                unavailable = true;
                log.info("JFR events unavailable in this runtime ({})", noJfr.toString());
                return false;
            }
        }
        return true;
    }
}
