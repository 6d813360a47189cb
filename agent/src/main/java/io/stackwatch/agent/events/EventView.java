package io.stackwatch.agent.events;

import io.stackwatch.core.event.StackEvent;
import io.stackwatch.core.stack.RecursionCycle;

import java.time.Instant;
import java.util.List;

/** An event with everything derived from it: the cycle, the origin, the prediction. Built off the instrumented thread. */
public final class EventView {

    /** More origin frames than this are cut (with a count) in the log and the event log. */
    static final int MAX_ORIGIN = 256;

    private final StackEvent event;
    private final RecursionCycle cycle;
    private final LearnedCycles.Learned learned;

    public EventView(StackEvent event) {
        this(event, null);
    }

    /** @param learned how the event's method came to be counted, when a cycle was learned at run time; or null */
    public EventView(StackEvent event, LearnedCycles.Learned learned) {
        this.event = event;
        this.cycle = RecursionCycle.of(event.stack);
        this.learned = learned;
    }

    /** When and how the event's method came to be counted, if a cycle was learned at run time; else null. */
    public LearnedCycles.Learned learned() {
        return learned;
    }

    public StackEvent event() {
        return event;
    }

    public String type() {
        return event.type.jsonName();
    }

    public String timestamp() {
        return Instant.ofEpochMilli(event.epochMillis).toString();
    }

    public RecursionCycle cycle() {
        return cycle;
    }

    /** Real frames walked, or -1 when the stack was not walked. */
    public int frames() {
        return event.stack == null ? -1 : event.stack.size();
    }

    public List<String> origin() {
        List<String> o = cycle.origin();
        return o.size() > MAX_ORIGIN ? o.subList(0, MAX_ORIGIN) : o;
    }

    public long headroomBytes() {
        return event.capacityBytes - event.stackBytes;
    }

    /** The depth at which the thread would run out at its current bytes per instrumented frame. */
    public long predictedOverflowDepth() {
        if (event.bytesPerFrame <= 0 || event.depth <= 0) {
            return -1;
        }
        return event.depth + (long) Math.floor(headroomBytes() / event.bytesPerFrame);
    }
}
