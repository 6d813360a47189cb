package io.stackwatch.agent.scan;

import io.stackwatch.agent.json.JsonWriter;
import io.stackwatch.agent.classfile.MethodShape;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * The report for code-scanning tools: SARIF 2.1.0 ({@code scan --sarif FILE}), one result per
 * reported recursion, as GitHub code scanning uploads it. Three rules, by how urgent the finding
 * is: an unguarded recursion that input drives ({@code error}), another unguarded one
 * ({@code warning}), a guarded one ({@code note}). A result's location is the cycle's first method:
 * its source file guessed from the class name (the class file's package path and outer class, with
 * {@code .java}), the line of its call into the cycle, and the method as a logical location; the
 * other methods of the cycle are related locations. Its fingerprint is a hash of the cycle's
 * method keys, so that the same cycle is the same alert from one scan to the next.
 */
final class SarifReport {

    static final String VERSION = "2.1.0";
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    /** The rules, in the order of their index. */
    enum Rule {
        INPUT_DRIVEN("SW001", "UnguardedInputDrivenRecursion", "error", "8.2",
                "Unguarded recursion that input drives",
                "A recursion reached from a public method that takes input, whose depth that input decides and which no depth"
                        + " limit bounds: input nested deep enough overflows the thread's stack (StackOverflowError, a denial of"
                        + " service)."),
        UNGUARDED("SW002", "UnguardedRecursion", "warning", "5.3",
                "Unguarded recursion",
                "A recursion that no depth limit bounds; no public method that takes input was found to drive it."),
        GUARDED("SW003", "GuardedRecursion", "note", "2.0",
                "Recursion with a depth limit",
                "A recursion that a depth parameter or counter bounds (a heuristic on the bytecode): check the limit fits the"
                        + " thread's stack.");

        final String id;
        final String ruleName;
        final String level;
        final String severity;
        final String shortText;
        final String fullText;

        Rule(String id, String ruleName, String level, String severity, String shortText, String fullText) {
            this.id = id;
            this.ruleName = ruleName;
            this.level = level;
            this.severity = severity;
            this.shortText = shortText;
            this.fullText = fullText;
        }

        static Rule of(Recursion r) {
            return r.guarded() ? GUARDED : r.surface == AttackSurface.INPUT ? INPUT_DRIVEN : UNGUARDED;
        }
    }

    private SarifReport() {
    }

    static String render(ScanResult r, String version) {
        JsonWriter w = new JsonWriter().breakLinesUpTo(3);
        w.beginObject()
                .field("$schema", SCHEMA)
                .field("version", VERSION)
                .key("runs").beginArray().beginObject()
                .key("tool").beginObject().key("driver").beginObject()
                .field("name", "stackwatch scan")
                .field("semanticVersion", version)
                .key("rules").beginArray();
        for (Rule rule : Rule.values()) {
            w.beginObject()
                    .field("id", rule.id)
                    .field("name", rule.ruleName)
                    .key("shortDescription").beginObject().field("text", rule.shortText).endObject()
                    .key("fullDescription").beginObject().field("text", rule.fullText).endObject()
                    .key("help").beginObject().field("text", rule.fullText
                            + " Bound the depth (a depth parameter or counter checked against a limit), make the recursion"
                            + " iterative, or watch it with the agent: -javaagent:stackwatch-agent.jar=select=scan:<report>.")
                    .endObject()
                    .key("defaultConfiguration").beginObject().field("level", rule.level).endObject()
                    .key("properties").beginObject()
                    .key("tags").beginArray().value("security").value("reliability").value("stack-overflow").endArray()
                    .field("precision", rule == Rule.GUARDED ? "low" : "medium")
                    .field("security-severity", rule.severity)
                    .endObject()
                    .endObject();
        }
        w.endArray().endObject().endObject()
                .key("results").beginArray();
        for (Recursion rec : r.reported()) {
            result(w, r, rec);
        }
        w.endArray()
                .key("properties").beginObject()
                .field("classes", r.loaded.classes.size())
                .field("methods", r.graph.methodCount)
                .field("recursionsFound", r.recursions.size())
                .field("unguardedFound", r.unguarded())
                .endObject()
                .endObject().endArray().endObject();
        return w + "\n";
    }

    private static void result(JsonWriter w, ScanResult r, Recursion rec) {
        CallGraph g = r.graph;
        Rule rule = Rule.of(rec);
        int first = firstMethod(g, rec.cycle);
        w.beginObject()
                .field("ruleId", rule.id)
                .field("ruleIndex", rule.ordinal())
                .field("level", rule.level)
                .key("message").beginObject().field("text", message(r, rec)).endObject()
                .key("locations").beginArray();
        location(w, r, rec, first, 0);
        w.endArray().key("relatedLocations").beginArray();
        int id = 1;
        for (int i = 0; i < rec.cycle.length; i++) {
            int v = rec.cycle[i];
            if (v != first && !g.isFamily(v)) {
                location(w, r, rec, v, id++);
            }
        }
        w.endArray()
                .key("partialFingerprints").beginObject().field("stackwatchCycle/v1", fingerprint(g, rec)).endObject()
                .key("properties").beginObject()
                .field("rank", rec.rank)
                .field("surface", AttackSurface.surfaceName(rec.surface))
                .field("dispatch", Recursion.tierName(rec.tier))
                .field("bytesPerRound", rec.bytesPerRound)
                .field("roundsToOverflow", r.rounds(rec.bytesPerRound))
                .endObject()
                .endObject();
    }

    private static String message(ScanResult r, Recursion rec) {
        CallGraph g = r.graph;
        StringBuilder cycle = new StringBuilder();
        for (int i = 0; i < rec.cycle.length; i++) {
            cycle.append(i == 0 ? "" : " -> ").append(MethodNames.shortName(g.nodes[rec.cycle[i]]));
            if (g.isFamily(rec.cycle[i])) {
                cycle.append(String.format(Locale.ROOT, " (any of %,d implementations)", g.familySize(rec.cycle[i])));
            }
        }
        cycle.append(" -> back");
        return String.format(Locale.ROOT, "%s recursion #%d: %s. %s. One round ~%,d bytes of stack: overflow after ~%,d rounds"
                        + " interpreted, ~%,d compiled.", rec.guarded() ? "Guarded" : "Unguarded", rec.rank, cycle,
                capitalize(rec.why), rec.bytesPerRound, r.rounds(rec.bytesPerRound), r.rounds(rec.compiledBytesPerRound));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static void location(JsonWriter w, ScanResult r, Recursion rec, int v, int id) {
        CallGraph g = r.graph;
        MethodShape m = g.nodes[v];
        int line = lineInto(g, rec.cycle, v);
        w.beginObject();
        if (id > 0) {
            w.field("id", id);
        }
        w.key("physicalLocation").beginObject()
                .key("artifactLocation").beginObject().field("uri", sourcePath(m.owner())).field("uriBaseId", "%SRCROOT%").endObject();
        if (line > 0) {
            w.key("region").beginObject().field("startLine", line).endObject();
        }
        w.endObject()
                .key("logicalLocations").beginArray().beginObject()
                .field("fullyQualifiedName", MethodNames.qualified(m))
                .field("decoratedName", m.key())
                .field("kind", "function")
                .endObject().endArray();
        if (id > 0) {
            w.key("message").beginObject().field("text", MethodNames.withArguments(m)).endObject();
        }
        w.endObject();
    }

    /** The line of the call by which {@code v} goes on round the cycle, or 0. */
    private static int lineInto(CallGraph g, int[] cycle, int v) {
        for (int i = 0; i < cycle.length; i++) {
            if (cycle[i] == v) {
                int call = g.firstCall(v, cycle[(i + 1) % cycle.length]);
                return call >= 0 ? g.nodes[v].calls().get(call).line() : 0;
            }
        }
        return 0;
    }

    private static int firstMethod(CallGraph g, int[] cycle) {
        for (int v : cycle) {
            if (!g.isFamily(v)) {
                return v;
            }
        }
        return cycle[0];
    }

    /** {@code org/yaml/snakeyaml/composer/Composer$1} → {@code org/yaml/snakeyaml/composer/Composer.java}. */
    static String sourcePath(String internalName) {
        int slash = internalName.lastIndexOf('/');
        int dollar = internalName.indexOf('$', slash + 1);
        return (dollar > 0 ? internalName.substring(0, dollar) : internalName) + ".java";
    }

    private static String fingerprint(CallGraph g, Recursion rec) {
        List<String> keys = new java.util.ArrayList<>();
        for (int v : rec.cycle) {
            keys.add(g.nodes[v].key());
        }
        java.util.Collections.sort(keys);
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                sb.append(String.format(Locale.ROOT, "%02x", d[i]));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(keys.hashCode());
        }
    }
}
