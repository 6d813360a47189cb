package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The report for people: a summary, the ranked recursions, the deepest chains, the agent arguments. */
final class TextReport {

    private static final int MEMBERS_SHOWN = 6;
    private static final int CHAIN_ENDS_SHOWN = 4;

    private TextReport() {
    }

    static void print(ScanResult r, String agentArguments, PrintStream out) {
        ClassInputs.Loaded in = r.loaded;
        CallGraph g = r.graph;
        out.println(String.format(Locale.ROOT, "stackwatch scan: %d input%s (%s), %,d classes, %,d methods, %,d calls in %.1f s",
                in.inputs, in.inputs == 1 ? "" : "s", amount(in.inputBytes), in.classes.size(), g.size(), g.callSites, r.seconds));
        out.println(String.format(Locale.ROOT, "  %,d call edges; %,d virtual calls with more than %d possible targets, followed through %,d dispatch famil%s; %,d public methods take input%s%s",
                g.edgeCount, g.megamorphicCalls, r.options.maxTargets, g.families(), g.families() == 1 ? "y" : "ies", r.entryPoints,
                in.duplicates > 0 ? String.format(Locale.ROOT, "; %,d duplicate classes (the first on the path wins)", in.duplicates) : "",
                in.problems.isEmpty() ? "" : String.format(Locale.ROOT, "; %d skipped (see stderr)", in.problems.size())));
        out.println(String.format(Locale.ROOT, "  stack: %s less %s of guard zones = %,d bytes per thread",
                size(r.options.stackBytes), size(ScanOptions.GUARD_ZONE_BYTES), r.capacityBytes()));
        out.println();

        List<Recursion> shown = r.reported();
        out.println(String.format(Locale.ROOT, "%,d recursion%s, %,d unguarded%s", r.recursions.size(),
                r.recursions.size() == 1 ? "" : "s", r.unguarded(),
                shown.size() < r.recursions.size() ? String.format(Locale.ROOT, "; the %d riskiest:", shown.size())
                        : shown.isEmpty() ? "." : ", riskiest first:"));
        for (Recursion rec : shown) {
            out.println();
            recursion(r, rec, out);
        }

        if (!r.chains.isEmpty()) {
            out.println();
            out.println("Deepest call chains (each recursion passed through once):");
            int i = 1;
            for (CallChain c : r.chains) {
                chain(r, c, i++, out);
            }
        }

        if (!shown.isEmpty()) {
            out.println();
            out.println("Agent arguments that instrument exactly these recursions:");
            out.println("  " + agentArguments);
            if (r.options.out == null) {
                out.println("  (the report file: add --out stackwatch-scan.json, or run with --json > stackwatch-scan.json)");
            }
        }
    }

    private static void recursion(ScanResult r, Recursion rec, PrintStream out) {
        CallGraph g = r.graph;
        out.println(String.format(Locale.ROOT, "#%d %s, %s, %d method%s per round: ~%,d B interpreted -> overflow after ~%,d rounds; ~%,d B compiled -> ~%,d rounds",
                rec.rank, rec.guarded() ? "guarded" : "UNGUARDED", Recursion.tierName(rec.tier)
                        + (rec.maxFanout > 1 ? " (up to " + rec.maxFanout + ")" : ""),
                rec.cycle.length, rec.cycle.length == 1 ? "" : "s",
                rec.bytesPerRound, r.rounds(rec.bytesPerRound), rec.compiledBytesPerRound, r.rounds(rec.compiledBytesPerRound)));
        int width = 0;
        for (int v : rec.cycle) {
            width = Math.max(width, MethodNames.withArguments(g.nodes[v]).length());
        }
        for (int i = 0; i < rec.cycle.length; i++) {
            int u = rec.cycle[i];
            int v = rec.cycle[(i + 1) % rec.cycle.length];
            MethodShape m = g.nodes[u];
            if (g.isFamily(u)) {
                out.println(String.format(Locale.ROOT, "   %-" + width + "s %6s  dispatches to any of %,d implementations%s",
                        MethodNames.withArguments(m), "", g.familySize(u), g.familyOpen(u) ? " (and classes outside the input)" : ""));
                continue;
            }
            int call = g.firstCall(u, v);
            int line = call >= 0 ? m.calls().get(call).line() : 0;
            String to = i + 1 < rec.cycle.length ? "calls the next" : rec.cycle.length == 1 ? "calls itself" : "calls the first";
            out.println(String.format(Locale.ROOT, "   %-" + width + "s %6s  %s%s",
                    MethodNames.withArguments(m), "~" + r.interpretedBytes[u] + " B", to, line > 0 ? " at line " + line : ""));
        }
        if (rec.implementations != null) {
            out.println(String.format(Locale.ROOT, "   and %,d more implementation%s recurse%s the same way: %s", rec.implementations.length - 1,
                    rec.implementations.length == 2 ? "" : "s", rec.implementations.length == 2 ? "s" : "",
                    names(g, java.util.Arrays.copyOfRange(rec.implementations, 1, rec.implementations.length), MEMBERS_SHOWN)));
        }
        out.println("   why: " + rec.why);
        if (rec.guard != null) {
            out.println("   guard (" + rec.guard.kind + "): " + rec.guard.evidence);
        }
        if (rec.partOf > 0) {
            out.println(String.format(Locale.ROOT, "   one cycle of a recursion of %,d methods", rec.partOf));
        } else {
            int others = rec.members.length - distinct(rec.cycle);
            if (others > 0) {
                int[] rest = java.util.Arrays.stream(rec.members).filter(v -> !contains(rec.cycle, v)).toArray();
                out.println(String.format(Locale.ROOT, "   %,d more method%s recurse%s with it: %s", others, others == 1 ? "" : "s",
                        others == 1 ? "s" : "", names(g, rest, MEMBERS_SHOWN)));
            }
        }
        out.println(String.format(Locale.ROOT, "   entered from %,d method%s", rec.externalCallers, rec.externalCallers == 1 ? "" : "s"));
    }

    private static String names(CallGraph g, int[] nodes, int shown) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < nodes.length; i++) {
            if (i == shown) {
                sb.append(", ...");
                break;
            }
            sb.append(i == 0 ? "" : ", ").append(MethodNames.shortName(g.nodes[nodes[i]]));
        }
        return sb.toString();
    }

    private static void chain(ScanResult r, CallChain c, int index, PrintStream out) {
        CallGraph g = r.graph;
        out.println(String.format(Locale.ROOT, "#%d %,d frames, ~%,d B interpreted (%.1f%% of the stack), ~%,d B compiled",
                index, c.methods.length, c.bytes, 100.0 * c.bytes / r.capacityBytes(), c.compiledBytes));
        StringBuilder sb = new StringBuilder("   ");
        int n = c.methods.length;
        for (int i = 0; i < n; i++) {
            if (n > 2 * CHAIN_ENDS_SHOWN + 1 && i == CHAIN_ENDS_SHOWN) {
                sb.append(String.format(Locale.ROOT, " -> ... (%d more) ...", n - 2 * CHAIN_ENDS_SHOWN));
                i = n - CHAIN_ENDS_SHOWN - 1;
                continue;
            }
            sb.append(i == 0 ? "" : " -> ").append(i == 0 ? MethodNames.qualified(g.nodes[c.methods[i]]) : MethodNames.shortName(g.nodes[c.methods[i]]));
        }
        out.println(sb);
    }

    private static int distinct(int[] cycle) {
        int n = 0;
        for (int i = 0; i < cycle.length; i++) {
            boolean seen = false;
            for (int j = 0; j < i; j++) {
                seen |= cycle[j] == cycle[i];
            }
            n += seen ? 0 : 1;
        }
        return n;
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /** {@code 30.2 KiB}, {@code 20.4 MiB}. */
    static String amount(long bytes) {
        return bytes < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0)
                : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String size(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }
}
