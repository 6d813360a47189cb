package io.stackwatch.agent.jfr;

import io.stackwatch.core.event.StackEvent;

import java.util.function.Consumer;

/**
 * Turns the tracker's events into JFR events, on the agent's event thread. Costs nothing unless a
 * recording is on: an event class that no recording enables is not even instantiated.
 */
public final class JfrEvents implements Consumer<StackEvent> {

    private final WarningEvent warningProbe = new WarningEvent();
    private final InterceptionEvent interceptionProbe = new InterceptionEvent();
    private final OverflowEvent overflowProbe = new OverflowEvent();
    private final GrowthEvent growthProbe = new GrowthEvent();

    @Override
    public void accept(StackEvent e) {
        StackwatchEvent jfr;
        switch (e.type) {
            case WARN:
                jfr = warningProbe.isEnabled() ? new WarningEvent() : null;
                break;
            case INTERCEPT:
                jfr = interceptionProbe.isEnabled() ? new InterceptionEvent() : null;
                break;
            case OVERFLOW:
                jfr = overflowProbe.isEnabled() ? new OverflowEvent() : null;
                break;
            case GROWTH:
                jfr = growthProbe.isEnabled() ? new GrowthEvent() : null;
                break;
            default:
                jfr = null;
        }
        if (jfr != null) {
            jfr.fill(e);
            jfr.commit();
        }
    }
}
