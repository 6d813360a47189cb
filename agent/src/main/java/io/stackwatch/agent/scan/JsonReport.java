package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.json.JsonWriter;

/**
 * The report for machines, and the file {@code select=scan:<file>} reads. One object:
 * {@code format} (1), {@code tool}, the input summary, {@code stackBytes}/{@code guardBytes}/
 * {@code capacityBytes}, {@code skipped} (one line each), {@code recursions} riskiest first (each
 * with {@code rank}, {@code guarded}, {@code guard}, {@code tier}, {@code maxFanout},
 * {@code bytesPerRound}, {@code compiledBytesPerRound}, {@code roundsToOverflow},
 * {@code compiledRoundsToOverflow}, {@code surface} ({@code input}, {@code data}, {@code none}),
 * {@code why} (one line), {@code entryPoint} and {@code entryDistance} (the nearest public method
 * taking input that reaches it), {@code readsInput}, {@code partOf} (the size of the component a
 * cycle was taken from, 0 for a whole component), {@code implementations} (how many implementations
 * of a dispatch family recurse this way), {@code cycle}: the methods in call order (a dispatch family
 * marked {@code "family":true} with its {@code implementations}), and {@code members}: every method
 * of the recursion; a method is {@code {"method":"pkg.Class#name",
 * "descriptor":"(...)..."}} plus its frame bytes), {@code chains}, and {@code agentArguments}.
 */
final class JsonReport {

    static final int FORMAT = 1;

    private JsonReport() {
    }

    static String render(ScanResult r, String agentArguments, String version) {
        CallGraph g = r.graph;
        ClassInputs.Loaded in = r.loaded;
        JsonWriter w = new JsonWriter().breakLinesUpTo(2);
        w.beginObject()
                .field("format", FORMAT)
                .field("tool", "stackwatch scan " + version)
                .key("inputs").beginArray();
        for (String s : r.options.inputs) {
            w.value(s);
        }
        w.endArray()
                .field("inputBytes", in.inputBytes)
                .field("classes", in.classes.size())
                .field("methods", g.size())
                .field("calls", g.callSites)
                .field("edges", g.edgeCount)
                .field("megamorphicCalls", g.megamorphicCalls)
                .field("maxTargets", r.options.maxTargets)
                .field("duplicateClasses", in.duplicates)
                .field("seconds", r.seconds, 3)
                .field("stackBytes", r.options.stackBytes)
                .field("guardBytes", ScanOptions.GUARD_ZONE_BYTES)
                .field("capacityBytes", r.capacityBytes())
                .key("skipped").beginArray();
        for (String p : in.problems) {
            w.value(p);
        }
        w.endArray()
                .field("recursionsFound", r.recursions.size())
                .field("unguardedFound", r.unguarded())
                .key("recursions").beginArray();
        for (Recursion rec : r.reported()) {
            w.beginObject()
                    .field("rank", rec.rank)
                    .field("guarded", rec.guarded())
                    .field("guard", rec.guard == null ? null : rec.guard.kind + ": " + rec.guard.evidence)
                    .field("descends", rec.descends)
                    .field("tier", rec.tier)
                    .field("dispatch", Recursion.tierName(rec.tier))
                    .field("maxFanout", rec.maxFanout)
                    .field("bytesPerRound", rec.bytesPerRound)
                    .field("compiledBytesPerRound", rec.compiledBytesPerRound)
                    .field("roundsToOverflow", r.rounds(rec.bytesPerRound))
                    .field("compiledRoundsToOverflow", r.rounds(rec.compiledBytesPerRound))
                    .field("externalCallers", rec.externalCallers)
                    .field("surface", AttackSurface.surfaceName(rec.surface))
                    .field("why", rec.why)
                    .field("entryPoint", rec.entryPoint < 0 ? null : MethodNames.qualified(g.nodes[rec.entryPoint])
                            + g.nodes[rec.entryPoint].descriptor())
                    .field("entryDistance", rec.entryDistance)
                    .field("readsInput", rec.readsInput)
                    .field("partOf", rec.partOf)
                    .field("implementations", rec.implementations == null ? 1 : rec.implementations.length)
                    .key("cycle").beginArray();
            for (int i = 0; i < rec.cycle.length; i++) {
                int u = rec.cycle[i];
                int call = g.firstCall(u, rec.cycle[(i + 1) % rec.cycle.length]);
                MethodShape m = g.nodes[u];
                method(w, r, u);
                w.field("line", call >= 0 ? m.calls().get(call).line() : 0).endObject();
            }
            w.endArray().key("members").beginArray();
            for (int v : rec.members) {
                method(w, r, v);
                w.endObject();
            }
            w.endArray().endObject();
        }
        w.endArray().key("chains").beginArray();
        for (CallChain c : r.chains) {
            w.beginObject()
                    .field("frames", c.methods.length)
                    .field("bytes", c.bytes)
                    .field("compiledBytes", c.compiledBytes)
                    .key("methods").beginArray();
            for (int v : c.methods) {
                w.value(MethodNames.qualified(g.nodes[v]));
            }
            w.endArray().endObject();
        }
        w.endArray()
                .field("agentArguments", agentArguments)
                .endObject();
        return w + "\n";
    }

    /** Opens a method object and writes its name, descriptor and frame bytes; the caller closes it. */
    private static void method(JsonWriter w, ScanResult r, int v) {
        MethodShape m = r.graph.nodes[v];
        w.beginObject()
                .field("method", MethodNames.qualified(m))
                .field("descriptor", m.descriptor())
                .field("frameBytes", r.interpretedBytes[v])
                .field("compiledFrameBytes", r.compiledBytes[v]);
        if (r.graph.isFamily(v)) {
            // Not a frame: a virtual call with this many implementations, any of which may come next.
            w.field("family", true).field("implementations", r.graph.familySize(v));
        }
    }
}
