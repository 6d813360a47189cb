package io.stackwatch.agent.events;

import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.core.event.StackEvent;

/** The event log's JSON form of an event: the contract in docs/ARCHITECTURE.md, one object per line. */
public final class EventJson {

    private EventJson() {
    }

    public static String toJson(EventView v) {
        StackEvent e = v.event();
        JsonWriter j = JsonWriter.object()
                .field("ts", v.timestamp())
                .field("type", v.type())
                .field("thread", e.threadName)
                .field("threadId", e.threadId)
                .field("virtual", e.virtual)
                .field("depth", e.depth);
        if (v.frames() >= 0) {
            j.field("frames", v.frames());
        } else {
            j.nullField("frames");
        }
        j.field("stackBytes", e.stackBytes)
                .field("capacityBytes", e.capacityBytes)
                .field("measured", e.measured)
                .field("ratio", e.ratio(), 4)
                .field("method", e.method)
                .field("reason", e.reason == null ? null : e.reason.jsonName());
        if (e.reason != null) {
            j.field("limit", e.limit, 4);
        }
        j.field("cycle", v.cycle().methods())
                .field("cycleRounds", v.cycle().rounds())
                .field("origin", v.origin())
                .field("bytesPerFrame", e.bytesPerFrame, 4)
                .field("predictedOverflowDepth", v.predictedOverflowDepth())
                .field("headroomBytes", v.headroomBytes())
                .field("goStackSize", e.goStackSize)
                .field("goGrowths", e.goGrowths)
                .field("goCopiedBytes", e.goCopiedBytes);
        LearnedCycles.Learned l = v.learned();
        if (l != null) {
            // The cycle was not in the bytecode: an earlier overflow (or patrol round) taught it.
            j.field("learnedAt", l.at().toString()).field("learnedFrom", l.source().jsonName());
        }
        return j.endObject().toString();
    }
}
