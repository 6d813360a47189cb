package io.stackwatch.agent.metrics;

import io.stackwatch.core.event.StackEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Warnings, interceptions and overflows per method, counted by the event pump. The {@code method}
 * tag is bounded: the first {@link #METHODS_PER_KIND} methods of a kind get their own series, every
 * later one counts under {@value #OTHER}. A new series is announced to the registries that show it.
 */
public final class EventCounts implements Consumer<StackEvent> {

    public static final int METHODS_PER_KIND = 20;
    public static final String OTHER = "other";

    /** The counted kinds of event, with their meter. */
    public enum Kind {
        WARNINGS("stackwatch.warnings", "Warnings: a thread crossed warnAt, maxDepth or a method limit"),
        INTERCEPTIONS("stackwatch.interceptions", "Calls stopped by action=throw with StackDepthExceededError"),
        OVERFLOWS("stackwatch.overflows", "Real StackOverflowErrors that unwound through instrumented code");

        private final String meter;
        private final String description;

        Kind(String meter, String description) {
            this.meter = meter;
            this.description = description;
        }

        public String meter() {
            return meter;
        }

        public String description() {
            return description;
        }

        static Kind of(StackEvent e) {
            switch (e.type) {
                case WARN:
                    return WARNINGS;
                case INTERCEPT:
                    return INTERCEPTIONS;
                case OVERFLOW:
                    return OVERFLOWS;
                default:
                    return null;
            }
        }
    }

    /** Told of every series, once, with the count to read. */
    public interface SeriesListener {
        void newSeries(Kind kind, String method, AtomicLong count);
    }

    private final Map<Kind, Map<String, AtomicLong>> counts = new ConcurrentHashMap<>();
    private final List<SeriesListener> listeners = new CopyOnWriteArrayList<>();

    public EventCounts() {
        // Every kind has its "other" series from the start, so that rates and alerts see a zero.
        for (Kind k : Kind.values()) {
            counts.put(k, new ConcurrentHashMap<>());
            series(k, OTHER);
        }
    }

    /** Counts the event (the event pump hands over every event, on its thread). */
    @Override
    public void accept(StackEvent e) {
        record(e);
    }

    /** Counts the event if it is of a counted kind. */
    public void record(StackEvent e) {
        Kind kind = Kind.of(e);
        if (kind == null) {
            return;
        }
        series(kind, tagFor(kind, e.method)).incrementAndGet();
    }

    private String tagFor(Kind kind, String method) {
        if (method == null || method.isEmpty()) {
            return OTHER;
        }
        Map<String, AtomicLong> byMethod = counts.get(kind);
        // Only the pump thread records: the check and the add below do not race with each other.
        return byMethod.containsKey(method) || byMethod.size() <= METHODS_PER_KIND ? method : OTHER;
    }

    private AtomicLong series(Kind kind, String method) {
        Map<String, AtomicLong> byMethod = counts.get(kind);
        AtomicLong c = byMethod.get(method);
        if (c != null) {
            return c;
        }
        AtomicLong fresh = new AtomicLong();
        AtomicLong known = byMethod.putIfAbsent(method, fresh);
        if (known != null) {
            return known;
        }
        for (SeriesListener l : listeners) {
            announce(l, kind, method, fresh);
        }
        return fresh;
    }

    /** Tells the listener of every series there is, and from now on of every new one. */
    public void addListener(SeriesListener listener) {
        listeners.add(listener);
        for (Kind k : Kind.values()) {
            for (Map.Entry<String, AtomicLong> e : new ArrayList<>(counts.get(k).entrySet())) {
                announce(listener, k, e.getKey(), e.getValue());
            }
        }
    }

    private static void announce(SeriesListener l, Kind kind, String method, AtomicLong count) {
        try {
            l.newSeries(kind, method, count);
        } catch (RuntimeException | LinkageError e) {
            // A registry that cannot take the series does not stop the counting.
        }
    }

    /** The kind's total over every method. */
    public long total(Kind kind) {
        long sum = 0;
        for (AtomicLong c : counts.get(kind).values()) {
            sum += c.get();
        }
        return sum;
    }
}
