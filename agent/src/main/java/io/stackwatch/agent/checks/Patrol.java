package io.stackwatch.agent.checks;

import io.stackwatch.agent.events.AgentNotes;
import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.agent.livereport.ReportJson;
import io.stackwatch.agent.livereport.ThreadRow;
import io.stackwatch.agent.livereport.ThreadSampler;
import io.stackwatch.core.stack.RecursionCycle;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Go's periodic {@code debug.Stack()} round: every {@code patrol} interval, reads every thread's
 * real depth, instrumented or not, and warns about threads over {@code patrolDepth} real frames or
 * (tracked threads) over {@code patrolRatio} of their stack. A thread is warned about once per
 * excursion: again only after a round that found it below both lines.
 */
public final class Patrol implements Runnable {

    private final ThreadSampler sampler;
    private final AgentNotes pump;
    private final int depthLine;
    private final double ratioLine;
    private final long budgetNanos;
    private Set<Long> over = new HashSet<>();
    /** Told of every thread found over {@code patrolDepth} in a cycle (the learner); may be null. */
    private final BiConsumer<String, RecursionCycle> deepCycles;

    public Patrol(ThreadSampler sampler, AgentNotes pump, int depthLine, double ratioLine, long budgetMillis,
                  BiConsumer<String, RecursionCycle> deepCycles) {
        this.deepCycles = deepCycles;
        this.sampler = sampler;
        this.pump = pump;
        this.depthLine = depthLine;
        this.ratioLine = ratioLine;
        this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        // One frame past the line tells "over" without reading shallow threads' whole stacks.
        List<ThreadRow> rows = sampler.sample(depthLine + 1, budgetNanos);
        Set<Long> nowOver = new HashSet<>();
        int deepest = 0;
        String deepestName = "";
        double highest = 0;
        int cut = 0;
        int warned = 0;
        for (ThreadRow r : rows) {
            if (r.frames() > deepest) {
                deepest = r.frames();
                deepestName = r.name();
            }
            highest = Math.max(highest, r.ratio());
            cut += r.framesComplete() ? 0 : 1;
            String reason = r.frames() > depthLine ? "patrolDepth" : r.tracked() && r.ratio() >= ratioLine ? "patrolRatio" : null;
            if (reason == null) {
                continue;
            }
            nowOver.add(r.id());
            if (!over.contains(r.id())) {
                warn(r, reason);
                warned++;
            }
        }
        over = nowOver;
        PatrolFigures.round(rows.size(), nowOver.size(), deepest, deepestName, highest, System.nanoTime() - start, cut,
                warned);
    }

    private void warn(ThreadRow r, String reason) {
        double limit = reason.equals("patrolDepth") ? depthLine : ratioLine;
        StringBuilder text = new StringBuilder(256).append("patrol: thread \"").append(r.name()).append("\" (id ")
                .append(r.id()).append(r.isVirtual() ? ", virtual" : "").append(") has ").append(r.frames())
                .append(r.framesComplete() ? "" : "+").append(" real frames");
        if (reason.equals("patrolDepth")) {
            text.append(" (over patrolDepth ").append(depthLine).append(')');
        } else {
            text.append(String.format(Locale.ROOT, ", %.0f%% of its stack (patrolRatio %.2f)", r.ratio() * 100, ratioLine));
        }
        if (r.tracked()) {
            text.append(", depth ").append(r.depth()).append(" instrumented, ~").append(r.bytes()).append(" of ")
                    .append(r.capacity()).append(" bytes used");
        } else {
            text.append(", not instrumented");
        }
        RecursionCycle c = r.cycle();
        if (c.found()) {
            text.append(System.lineSeparator()).append("    cycle: ").append(c.describe());
            List<String> origin = c.origin();
            text.append(System.lineSeparator()).append("    origin: ")
                    .append(origin.isEmpty() ? "(the cycle starts at the thread's first frame)"
                            : String.join(" <- ", origin.subList(0, Math.min(12, origin.size()))));
        }
        JsonWriter json = JsonWriter.object().field("ts", Instant.now().toString()).field("type", "patrol").field("reason", reason)
                .field("limit", limit, 4);
        pump.note(true, text.toString(), ReportJson.fields(json, r).endObject().toString());
        if (deepCycles != null && c.found() && reason.equals("patrolDepth")) {
            deepCycles.accept(r.name(), c);
        }
    }
}
