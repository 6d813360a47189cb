package io.stackwatch.agent.otlp;

import io.stackwatch.agent.events.EventView;
import io.stackwatch.agent.events.WarningText;
import io.stackwatch.core.event.EventType;
import io.stackwatch.core.event.StackEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An event as an OTLP log record for the export's class loader (JDK types only): the log line as the
 * body, {@code stackwatch.<type>} as the event name, the event log's fields as attributes (the
 * thread as OpenTelemetry's {@code thread.name} and {@code thread.id}).
 */
final class EventRecords {

    static final String EVENT_PREFIX = "stackwatch.";
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([^\"]+)\"");

    private EventRecords() {
    }

    static Map<String, Object> of(StackEvent e) {
        EventView v = new EventView(e);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time.ms", e.epochMillis);
        r.put("severity", e.type == EventType.GROWTH || e.type == EventType.GO_OVERFLOW ? "INFO" : "WARN");
        r.put("event.name", EVENT_PREFIX + v.type());
        r.put("body", WarningText.of(v));
        r.put("type", v.type());
        r.put("thread.name", e.threadName);
        r.put("thread.id", e.threadId);
        r.put("virtual", e.virtual);
        r.put("depth", (long) e.depth);
        if (v.frames() >= 0) {
            r.put("frames", (long) v.frames());
        }
        r.put("stackBytes", e.stackBytes);
        r.put("capacityBytes", e.capacityBytes);
        r.put("measured", e.measured);
        r.put("ratio", e.ratio());
        r.put("method", e.method);
        if (e.reason != null) {
            r.put("reason", e.reason.jsonName());
            r.put("limit", e.limit);
        }
        if (!v.cycle().methods().isEmpty()) {
            r.put("cycle", v.cycle().methods());
            r.put("cycleRounds", (long) v.cycle().rounds());
        }
        if (!v.origin().isEmpty()) {
            r.put("origin", v.origin());
        }
        r.put("goStackSize", e.goStackSize);
        r.put("goGrowths", e.goGrowths);
        r.put("goCopiedBytes", e.goCopiedBytes);
        return r;
    }

    /** A finding of the agent's own checks (patrol, thread rate, stack in use): its line and its JSON. */
    static Map<String, Object> note(boolean warning, String text, String json) {
        Matcher m = TYPE.matcher(json == null ? "" : json);
        String type = m.find() ? m.group(1) : "note";
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time.ms", System.currentTimeMillis());
        r.put("severity", warning ? "WARN" : "INFO");
        r.put("event.name", EVENT_PREFIX + type);
        r.put("body", text);
        r.put("type", type);
        r.put("event.json", json);
        return r;
    }
}
