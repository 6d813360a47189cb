package io.stackwatch.agent.livereport;

import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.core.stack.RecursionCycle;

import java.time.Instant;
import java.util.List;

/** The report for machines: {@code {"ts":..,"threads":[{..},..]}}, riskiest first. */
public final class ReportJson {

    /** Origin frames written per thread. */
    static final int MAX_ORIGIN = 256;

    private ReportJson() {
    }

    static String of(List<ThreadRow> rows, Instant at) {
        JsonWriter w = JsonWriter.object().field("ts", at.toString()).field("threadCount", rows.size()).key("threads").beginArray();
        for (ThreadRow r : rows) {
            fields(w.beginObject(), r).endObject();
        }
        return w.endArray().endObject().toString();
    }

    static String row(ThreadRow r) {
        return fields(JsonWriter.object(), r).endObject().toString();
    }

    /** Writes a thread's fields (the event log's names where they exist) into the object {@code j} has open. */
    public static JsonWriter fields(JsonWriter j, ThreadRow r) {
        RecursionCycle c = r.cycle();
        List<String> origin = c.origin();
        j.field("thread", r.name)
                .field("threadId", r.id)
                .field("virtual", r.virtual)
                .field("daemon", r.daemon)
                .field("state", r.state)
                .field("frames", r.frames)
                .field("framesComplete", r.framesComplete)
                .field("tracked", r.tracked);
        if (r.tracked) {
            j.field("depth", r.depth);
        } else {
            j.nullField("depth");
        }
        j.field("stackBytes", r.bytes)
                .field("bytesSource", r.bytesSource.name().toLowerCase(java.util.Locale.ROOT))
                .field("capacityBytes", r.capacity)
                .field("ratio", r.ratio(), 4);
        if (r.tracked) {
            j.field("goStackSize", r.goStackSize).field("goGrowths", r.goGrowths).field("goCopiedBytes", r.goCopiedBytes);
        }
        return j.field("cycle", c.methods())
                .field("cycleRounds", c.rounds())
                .field("origin", origin.size() > MAX_ORIGIN ? origin.subList(0, MAX_ORIGIN) : origin)
                .field("top", r.top(3));
    }
}
