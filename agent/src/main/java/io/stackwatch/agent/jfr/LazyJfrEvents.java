package io.stackwatch.agent.jfr;

import io.stackwatch.core.event.StackEvent;
import org.slf4j.Logger;

import java.util.function.Consumer;

/**
 * {@link JfrEvents}, set up on the event thread when the first event arrives: registering JFR event
 * classes loads much of JFR (about 200 ms at start-up, measured), which the application should not
 * wait for, and most runs never have an event.
 */
public final class LazyJfrEvents implements Consumer<StackEvent> {

    private final Logger log;
    private Consumer<StackEvent> events;
    private boolean unavailable;

    public LazyJfrEvents(Logger log) {
        this.log = log;
    }

    // Only the event thread calls this (one at a time: EventPump.handle is synchronized).
    @Override
    public void accept(StackEvent e) {
        if (unavailable) {
            return;
        }
        if (events == null) {
            try {
                events = new JfrEvents();
            } catch (LinkageError noJfr) {
                unavailable = true;
                log.info("JFR events unavailable in this runtime ({})", noJfr.toString());
                return;
            }
        }
        events.accept(e);
    }
}
