package io.stackwatch.agent.events;

import io.stackwatch.agent.json.JsonLine;
import io.stackwatch.core.event.StackEvent;

/** The event log's JSON form of an event: the contract in docs/ARCHITECTURE.md, one object per line. */
public final class EventJson {

    private EventJson() {
    }

    public static String toJson(EventView v) {
        StackEvent e = v.event();
        JsonLine j = new JsonLine()
                .put("ts", v.timestamp())
                .put("type", v.type())
                .put("thread", e.threadName)
                .put("threadId", e.threadId)
                .put("virtual", e.virtual)
                .put("depth", e.depth);
        if (v.frames() >= 0) {
            j.put("frames", v.frames());
        } else {
            j.putNull("frames");
        }
        j.put("stackBytes", e.stackBytes)
                .put("capacityBytes", e.capacityBytes)
                .put("measured", e.measured)
                .put("ratio", e.ratio())
                .put("method", e.method)
                .put("reason", e.reason == null ? null : e.reason.jsonName());
        if (e.reason != null) {
            j.put("limit", e.limit);
        }
        j.put("cycle", v.cycle().methods())
                .put("cycleRounds", v.cycle().rounds())
                .put("origin", v.origin())
                .put("bytesPerFrame", e.bytesPerFrame)
                .put("predictedOverflowDepth", v.predictedOverflowDepth())
                .put("headroomBytes", v.headroomBytes())
                .put("goStackSize", e.goStackSize)
                .put("goGrowths", e.goGrowths)
                .put("goCopiedBytes", e.goCopiedBytes);
        return j.toString();
    }
}
