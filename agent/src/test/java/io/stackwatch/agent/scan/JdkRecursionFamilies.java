package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.MethodShape;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which of the recursions a scan of the JDK's modules finds are driven by application data, grouped
 * by what drives them. The scan finds the cycles (with dispatch families for {@code hashCode},
 * {@code match} and the like); a family here says which of them are the JDK walking the
 * application's data, by where the cycle's methods are and what they are called. Everything else
 * the scan finds in the JDK (class loading, security providers, locale data, method handles,
 * deferred DOM bookkeeping) is left out: its depth is the JDK's own.
 */
final class JdkRecursionFamilies {

    /** What drives each family; the comment line of the family in the list. */
    enum Family {
        COLLECTIONS("hashCode, equals, toString and compareTo of lists, sets, maps, map entries and their wrappers call the"
                + " same method on their elements: as deep as the application nests collections; a collection that"
                + " contains itself never ends"),
        ARRAYS("Arrays.deepHashCode, deepEquals and deepToString: as deep as the application nests arrays"),
        REGEX("java.util.regex: the matcher's chain of pattern nodes (one or more frames per character matched by a"
                + " repetition, so as deep as the input is long) and the pattern compiler's recursive descent (as deep"
                + " as the pattern nests groups)"),
        SERIALIZATION("Java serialization: ObjectInputStream and ObjectOutputStream read and write an object graph one"
                + " nested object (and class descriptor) per round: as deep as the stream or the object graph"),
        THROWABLE("Throwable.printStackTrace: one round per nested cause or suppressed exception"),
        XML_DOM("java.xml DOM trees (clone, import, normalize, text content, namespace lookup, DOM to SAX/stream):"
                + " one round per level of the document"),
        XML_DTD("java.xml DTD and schema content models (syntax trees and their follow sets): one round per level of"
                + " nesting of a content model in the document's DTD or schema"),
        XPATH("java.xml XPath: the expression parser and compiler, one or more rounds per level of nesting of the"
                + " expression");

        final String drivenBy;

        Family(String drivenBy) {
            this.drivenBy = drivenBy;
        }
    }

    private static final Set<String> DATA_METHODS = Set.of("hashCode", "equals", "toString", "compareTo");

    private JdkRecursionFamilies() {
    }

    /**
     * Generic steps a cycle may pass on its way back (string conversion, {@code Objects} helpers):
     * allowed on a cycle, never listed themselves (they are hot, and the cycle's own method is listed).
     */
    static boolean helper(MethodShape m) {
        String o = m.owner();
        String n = m.name();
        return o.equals("java/lang/String") && n.equals("valueOf")
                || (o.equals("java/lang/StringBuilder") || o.equals("java/lang/AbstractStringBuilder")) && n.equals("append")
                || o.equals("java/util/Objects")
                || o.equals("java/util/Arrays") && (n.equals("hashCode") || n.equals("equals") || n.equals("toString"));
    }

    /** One cycle a recursion stands for, with its methods. */
    static final class Cycle {
        final int[] cycle;
        final int[] members;

        Cycle(int[] cycle, int[] members) {
            this.cycle = cycle;
            this.members = members;
        }
    }

    /** The family of a recursion's cycle, or null when application data does not drive it. */
    static Family familyOf(ScanResult scan, Cycle r) {
        CallGraph g = scan.graph;
        if (structural(scan, r)) {
            return Family.COLLECTIONS;
        }
        if (all(g, r, m -> m.owner().equals("java/util/Arrays") && m.name().startsWith("deep"))) {
            return Family.ARRAYS;
        }
        if (all(g, r, m -> m.owner().startsWith("java/util/regex/") && !m.owner().equals("java/util/regex/PrintPattern"))) {
            return Family.REGEX;
        }
        if (all(g, r, m -> m.owner().startsWith("java/io/ObjectInputStream") || m.owner().startsWith("java/io/ObjectOutputStream"))
                && any(g, r, m -> Set.of("readObject0", "writeObject0", "readClassDesc", "writeClassDesc", "markException").contains(m.name()))) {
            return Family.SERIALIZATION;
        }
        if (all(g, r, m -> m.owner().equals("java/lang/Throwable"))) {
            return Family.THROWABLE;
        }
        if (r.cycle.length == 1 && all(g, r, m -> (m.owner().startsWith("com/sun/org/apache/xerces/internal/dom/")
                || m.owner().startsWith("com/sun/org/apache/xalan/internal/xsltc/trax/DOM2")
                || m.owner().startsWith("com/sun/org/apache/xml/internal/serializer/dom3/"))
                && !m.name().startsWith("synchronize"))) {
            return Family.XML_DOM;
        }
        // Content models only: the DTD processor's and validator's event handlers call the next
        // handler of the pipeline (as long as the pipeline, not the document).
        if (r.cycle.length == 1 && all(g, r, m -> (m.owner().startsWith("com/sun/org/apache/xerces/internal/impl/dtd/models/")
                || m.owner().startsWith("com/sun/org/apache/xerces/internal/impl/xs/models/")
                || m.owner().endsWith("DTDGrammar") || m.name().equals("checkDeclaredElements"))
                && !m.name().equals("dumpTree"))) {
            return Family.XML_DTD;
        }
        if (all(g, r, m -> m.owner().startsWith("com/sun/org/apache/xpath/internal/compiler/"))) {
            return Family.XPATH;
        }
        return null;
    }

    /**
     * A cycle through {@code hashCode}, {@code equals}, {@code toString} or {@code compareTo} as
     * dispatched on an element, whose implementation on the cycle is that same method of a
     * container, and whose other methods are the container's own ({@code ArrayList#hashCodeRange})
     * or generic helpers ({@code String#valueOf}).
     */
    private static boolean structural(ScanResult scan, Cycle r) {
        CallGraph g = scan.graph;
        Set<String> containers = containers(scan);
        boolean viaFamily = false;
        for (int i = 0; i < r.cycle.length; i++) {
            int v = r.cycle[i];
            MethodShape m = g.nodes[v];
            if (g.isFamily(v)) {
                MethodShape impl = g.nodes[r.cycle[(i + 1) % r.cycle.length]];
                if (!DATA_METHODS.contains(m.name()) || !impl.name().equals(m.name()) || !containers.contains(impl.owner())) {
                    return false;
                }
                viaFamily = true;
            } else if (!helper(m) && !containers.contains(m.owner())) {
                return false;
            }
        }
        return viaFamily;
    }

    private static final Set<String> CONTAINER_ROOTS = Set.of("java/util/Collection", "java/util/Map", "java/util/Map$Entry");
    private static ScanResult containersOf;
    private static Set<String> containers;

    /**
     * The JDK's collections, maps and map entries: the classes of {@code java.util} and
     * {@code java.util.concurrent} that are (transitively) a {@code Collection}, {@code Map} or
     * {@code Map.Entry}. Other classes there that print or hash a field (a calendar, a future, a
     * formatter) walk no application structure.
     */
    private static synchronized Set<String> containers(ScanResult scan) {
        if (containersOf == scan) {
            return containers;
        }
        Map<String, io.stackwatch.agent.classfile.ClassShape> byName = new java.util.HashMap<>();
        for (io.stackwatch.agent.classfile.ClassShape c : scan.loaded.classes) {
            byName.put(c.name(), c);
        }
        Set<String> out = new java.util.HashSet<>();
        for (io.stackwatch.agent.classfile.ClassShape c : scan.loaded.classes) {
            String o = c.name();
            boolean inPackage = o.startsWith("java/util/") && o.indexOf('/', "java/util/".length()) < 0
                    || o.startsWith("java/util/concurrent/") && o.indexOf('/', "java/util/concurrent/".length()) < 0;
            if (inPackage && reaches(c, byName, new java.util.HashSet<>())) {
                out.add(o);
            }
        }
        containersOf = scan;
        containers = out;
        return out;
    }

    private static boolean reaches(io.stackwatch.agent.classfile.ClassShape c, Map<String, io.stackwatch.agent.classfile.ClassShape> byName,
                                   Set<String> seen) {
        for (String s : c.supertypes()) {
            if (CONTAINER_ROOTS.contains(s)) {
                return true;
            }
            io.stackwatch.agent.classfile.ClassShape sc = byName.get(s);
            if (sc != null && seen.add(s) && reaches(sc, byName, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Every method of the recursion (its cycle and members, dispatch families included) passes. */
    private static boolean all(CallGraph g, Cycle r, Predicate<MethodShape> p) {
        for (int v : r.members) {
            if (!p.test(g.nodes[v])) {
                return false;
            }
        }
        for (int v : r.cycle) {
            if (!p.test(g.nodes[v])) {
                return false;
            }
        }
        return true;
    }

    private static boolean any(CallGraph g, Cycle r, Predicate<MethodShape> p) {
        for (int v : r.members) {
            if (!g.isFamily(v) && p.test(g.nodes[v])) {
                return true;
            }
        }
        return false;
    }

    /** The methods to list, by family: each selected recursion's methods, less helpers and families. */
    static Map<Family, Set<String>> select(ScanResult scan) {
        Map<Family, Set<String>> out = new EnumMap<>(Family.class);
        for (Family f : Family.values()) {
            out.put(f, new TreeSet<>());
        }
        for (Recursion rec : scan.recursions) {
            for (int[] cycle : rec.cycles()) {
                Cycle r = new Cycle(cycle, rec.implementations == null ? rec.members : java.util.Arrays.stream(cycle).distinct().toArray());
                Family f = familyOf(scan, r);
                if (f != null) {
                    list(scan, r, out.get(f));
                }
            }
        }
        return out;
    }

    private static void list(ScanResult scan, Cycle r, Set<String> out) {
        {
            for (int v : r.members) {
                MethodShape m = scan.graph.nodes[v];
                if (!scan.graph.isFamily(v) && !helper(m) && m.hasCode()) {
                    out.add(m.key());
                }
            }
        }
    }
}
