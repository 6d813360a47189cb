package io.stackwatch.agent.livereport;

import io.stackwatch.agent.json.JsonLine;
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
        StringBuilder threads = new StringBuilder(rows.size() * 400).append('[');
        for (int i = 0; i < rows.size(); i++) {
            threads.append(i == 0 ? "" : ",").append(row(rows.get(i)));
        }
        threads.append(']');
        return new JsonLine().put("ts", at.toString()).put("threadCount", rows.size()).putRaw("threads", threads.toString())
                .toString();
    }

    static String row(ThreadRow r) {
        return fields(new JsonLine(), r).toString();
    }

    /** Puts a thread's fields (the event log's names where they exist) after what {@code j} holds. */
    public static JsonLine fields(JsonLine j, ThreadRow r) {
        RecursionCycle c = r.cycle();
        List<String> origin = c.origin();
        j.put("thread", r.name)
                .put("threadId", r.id)
                .put("virtual", r.virtual)
                .put("daemon", r.daemon)
                .put("state", r.state)
                .put("frames", r.frames)
                .put("framesComplete", r.framesComplete)
                .put("tracked", r.tracked);
        if (r.tracked) {
            j.put("depth", r.depth);
        } else {
            j.putNull("depth");
        }
        j.put("stackBytes", r.bytes)
                .put("bytesSource", r.bytesSource.name().toLowerCase(java.util.Locale.ROOT))
                .put("capacityBytes", r.capacity)
                .put("ratio", r.ratio());
        if (r.tracked) {
            j.put("goStackSize", r.goStackSize).put("goGrowths", r.goGrowths).put("goCopiedBytes", r.goCopiedBytes);
        }
        return j.put("cycle", c.methods())
                .put("cycleRounds", c.rounds())
                .put("origin", origin.size() > MAX_ORIGIN ? origin.subList(0, MAX_ORIGIN) : origin)
                .put("top", r.top(3));
    }
}
