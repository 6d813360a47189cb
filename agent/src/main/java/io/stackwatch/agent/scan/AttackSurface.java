package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.Access;
import io.stackwatch.agent.classfile.Call;
import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which recursions input reaches and drives: the attack surface the ranking puts first.
 *
 * <p>An <b>input entry point</b> is a public method of a public class that takes input: a parameter of
 * a type input comes in ({@code Reader}, {@code InputStream}, {@code String}, {@code byte[]},
 * {@code char[]}, {@code CharSequence}, {@code ByteBuffer}, {@code DataInput}, {@code InputSource},
 * {@code Source}, …), or of a type named like a reader of input or a tree made from it (a
 * tokenizer, parser, lexer, scanner, decoder, deserializer, unmarshaller, visitor, node, tree,
 * document). One pass forward from all of them finds, for every method, the nearest one that
 * reaches it.
 *
 * <p>A recursion <b>reads its input</b> when a method of its cycle takes such a parameter, belongs
 * to such a class, or calls a method of one ({@code parser.nextToken()}, {@code reader.read()}):
 * each round then consumes input, and the input decides how many rounds there are. One that walks
 * down a structure in memory is as deep as that structure; reached from input, that structure
 * was most often built from it (a syntax tree, a document, a map read from JSON).
 */
final class AttackSurface {

    /** Reached from an input entry point, and the cycle reads input: its depth is the input's. */
    static final int INPUT = 3;
    /** Reached from an input entry point, or recursing through {@code hashCode}/{@code equals}/{@code toString}/{@code compareTo} of data. */
    static final int DATA = 2;
    /** Nothing that takes input reaches it. */
    static final int NONE = 1;

    /** JDK types input is read from, a piece at a time. */
    private static final Set<String> READER_TYPES = Set.of(
            "java/io/Reader", "java/io/InputStream", "java/nio/ByteBuffer", "java/nio/CharBuffer", "java/io/DataInput",
            "java/io/ObjectInput", "java/nio/channels/ReadableByteChannel", "org/xml/sax/InputSource",
            "javax/xml/transform/Source", "javax/xml/stream/XMLStreamReader", "javax/xml/stream/XMLEventReader");
    /** JDK types input comes in as a whole: an entry point that takes one takes input. */
    private static final Set<String> VALUE_TYPES = Set.of(
            "java/lang/String", "java/lang/CharSequence", "java/net/URL", "java/net/URI", "java/io/File", "java/nio/file/Path");
    /** Input types that are plain values: calling their methods reads nothing new. */
    private static final Set<String> STRINGS = Set.of("java/lang/String", "java/lang/CharSequence");
    /** Simple class names of readers of input. */
    private static final Pattern READER_NAME = Pattern.compile(
            ".*(Reader|Parser|Tokeni[sz]er|Tokener|Lexer|Scanner|Decoder|Deserializer|Unmarshaller|Unpacker|Input|InputStream"
                    + "|InputSource)(Base|Impl|Support)?(\\$.*)?");
    /** Simple class names of trees made from input, and of visitors over them. */
    private static final Pattern TREE_NAME = Pattern.compile(".*(Visitor|Node|Tree|Document|Element)(\\$.*)?");
    private static final Set<String> TREE_TYPES = Set.of("org/w3c/dom/Node", "org/w3c/dom/Document", "org/w3c/dom/Element");
    private static final Set<String> DATA_FAMILIES = Set.of("hashCode", "equals", "toString", "compareTo", "compare", "accept", "visit");

    private final CallGraph graph;
    private final Map<String, ClassShape> classes = new HashMap<>();
    /** Per node: the nearest input entry point that reaches it, or -1; and how many calls away. */
    private final int[] entry;
    private final int[] distance;
    private int entryPoints;

    private AttackSurface(CallGraph graph, List<ClassShape> classList) {
        this.graph = graph;
        for (ClassShape c : classList) {
            classes.put(c.name(), c);
        }
        int n = graph.size();
        entry = new int[n];
        distance = new int[n];
        Arrays.fill(entry, -1);
        int[] queue = new int[n];
        int tail = 0;
        for (int v = 0; v < graph.methodCount; v++) {
            if (isEntryPoint(v)) {
                entry[v] = v;
                queue[tail++] = v;
                entryPoints++;
            }
        }
        for (int head = 0; head < tail; head++) {
            int u = queue[head];
            for (int w : graph.edges[u]) {
                if (entry[w] < 0) {
                    entry[w] = entry[u];
                    distance[w] = distance[u] + 1;
                    queue[tail++] = w;
                }
            }
        }
    }

    /** Finds the entry points and judges every recursion: {@link Recursion#surface}, {@link Recursion#entryPoint}, {@link Recursion#readsInput}. */
    static AttackSurface judge(CallGraph graph, List<ClassShape> classes, List<Recursion> recursions) {
        AttackSurface s = new AttackSurface(graph, classes);
        for (Recursion r : recursions) {
            s.judge(r);
        }
        return s;
    }

    int entryPoints() {
        return entryPoints;
    }

    private void judge(Recursion r) {
        judgeSurface(r);
        r.why = why(graph, r);
    }

    private void judgeSurface(Recursion r) {
        int best = -1;
        for (int v : r.members) {
            if (entry[v] >= 0 && (best < 0 || distance[v] < distance[best])) {
                best = v;
            }
        }
        r.entryPoint = best < 0 ? -1 : entry[best];
        r.entryDistance = best < 0 ? 0 : distance[best];
        if (r.entryPoint >= 0 && inputParameter(graph.nodes[r.entryPoint].descriptor(), true) == null) {
            r.entryHolds = heldInput(graph.nodes[r.entryPoint].owner());
        }
        r.readsInput = readsInput(r.cycle, r.descends);
        r.evidence = evidence;
        boolean dataFamily = false;
        int f = r.family(graph);
        if (f >= 0) {
            dataFamily = DATA_FAMILIES.contains(graph.nodes[f].name());
        }
        r.dataFamily = dataFamily;
        // A string merely handed between overloads is too weak to call the recursion input-driven.
        r.surface = r.entryPoint >= 0 && r.readsInput != null && r.evidence >= MEDIUM ? INPUT
                : r.entryPoint >= 0 || dataFamily ? DATA : NONE;
    }

    /**
     * What in the cycle reads input, for the report ({@code "Composer#composeNode calls
     * Parser#checkEvent"}), or null: a method of the cycle takes a reader of input (not merely a
     * string), belongs to a reader's class, or calls a reader's method (or reads a character of a
     * string: a hand-written parser's {@code text.charAt(pos)}); or the cycle hands a string
     * or array of input on from call to call ({@code getClass(loader, name)} calling itself with
     * part of {@code name}) without walking down a structure in memory.
     */
    private String readsInput(int[] cycle, boolean descends) {
        evidence = overloadsOnly(cycle) || !descends && forwardsOnly(cycle) ? WEAK : STRONG;
        for (int v : cycle) {
            if (graph.isFamily(v) || DATA_FAMILIES.contains(graph.nodes[v].name())) {
                continue; // hashCode, equals, toString of a parser read nothing
            }
            MethodShape m = graph.nodes[v];
            String parameter = readerParameter(m.descriptor());
            if (parameter != null) {
                return MethodNames.shortName(m) + " takes " + parameter;
            }
            // (evidence stays as set: STRONG, or WEAK for overloads handing the reader along)
            if (readerType(m.owner())) {
                return MethodNames.shortName(m) + " is a method of " + simple(m.owner());
            }
            for (Call c : m.calls()) {
                boolean charOfString = STRINGS.contains(c.target().owner())
                        && (c.target().name().equals("charAt") || c.target().name().equals("codePointAt"));
                if (readerType(c.target().owner()) && !STRINGS.contains(c.target().owner()) || charOfString) {
                    evidence = Math.min(evidence, charOfString ? MEDIUM : STRONG);
                    return MethodNames.shortName(m) + " calls " + simple(c.target().owner()) + "#" + c.target().name();
                }
            }
        }
        if (!descends) {
            for (int i = 0; i < cycle.length; i++) {
                int u = cycle[i];
                int v = cycle[(i + 1) % cycle.length];
                String a = graph.isFamily(u) ? null : inputParameter(graph.nodes[u].descriptor(), false);
                String b = graph.isFamily(v) ? null : inputParameter(graph.nodes[v].descriptor(), false);
                // By a direct call: a virtual call on a field handing the same string over is delegation.
                if (a != null && a.equals(b) && graph.fanout(u, v) == 1) {
                    // A method handing its string to itself steps through it (a retry, a suffix);
                    // overloads handing it to each other are most often delegation, a fixed number of times.
                    evidence = Math.min(evidence, u == v ? MEDIUM : WEAK);
                    return MethodNames.shortName(graph.nodes[u]) + " hands its " + a + " on to "
                            + (u == v ? "itself" : MethodNames.shortName(graph.nodes[v]));
                }
            }
        }
        evidence = 0;
        return null;
    }

    /** How strong the evidence of reading input is: a reader's method, a string stepped through by one method, a string handed round or a character read. */
    static final int STRONG = 3;
    static final int MEDIUM = 2;
    static final int WEAK = 1;
    private int evidence;

    /**
     * Whether the cycle is overloads of one method calling each other ({@code leftPad(s, n, c)} and
     * {@code leftPad(s, n, str)}): convenience delegation, most often a fixed number of times.
     */
    private boolean overloadsOnly(int[] cycle) {
        MethodShape first = null;
        int methods = 0;
        for (int v : cycle) {
            if (graph.isFamily(v)) {
                continue;
            }
            MethodShape m = graph.nodes[v];
            if (first != null && (!m.owner().equals(first.owner()) || !m.name().equals(first.name()))) {
                return false;
            }
            first = m;
            methods++;
        }
        return methods > 1;
    }

    /**
     * Whether every call round the cycle hands the caller's own arguments, unchanged, to another
     * object ({@code wrapped.hasMoreChildren()}, {@code delegate.read(in, ctx)}): wrappers and chains,
     * as deep as the application stacks them, not as its input nests.
     */
    private boolean forwardsOnly(int[] cycle) {
        boolean any = false;
        for (int i = 0; i < cycle.length; i++) {
            int u = cycle[i];
            int v = cycle[(i + 1) % cycle.length];
            if (graph.isFamily(u)) {
                continue;
            }
            DepthFacts f = graph.facts[u];
            boolean forwarded = false;
            for (int k : f.forwardingCalls) {
                int[] t = graph.targetsOf(u, k);
                for (int x : t == null ? new int[0] : t) {
                    forwarded |= x == v;
                }
            }
            if (!forwarded) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /** The first parameter that reads input (a reader, stream, parser; not a string or array), or null. */
    private static String readerParameter(String descriptor) {
        return parameter(descriptor, false, false);
    }

    /** One line for people: why the recursion ranks where it does. */
    private static String why(CallGraph g, Recursion r) {
        StringBuilder sb = new StringBuilder();
        if (r.surface == INPUT) {
            sb.append("input drives it: ");
        } else if (r.surface == DATA) {
            sb.append("data drives it: ");
        } else {
            sb.append("no input reaches it: ");
        }
        if (r.entryPoint >= 0) {
            sb.append("reached from public ").append(MethodNames.shortName(g.nodes[r.entryPoint]))
                    .append(io.stackwatch.agent.classfile.Descriptors.simpleArguments(g.nodes[r.entryPoint].descriptor()));
            sb.append(r.entryDistance == 0 ? " (on the cycle)" : r.entryDistance == 1 ? ", 1 call away"
                    : ", " + r.entryDistance + " calls away");
            if (r.entryHolds != null) {
                sb.append(", on an object made from ").append(r.entryHolds);
            }
        } else {
            sb.append("no public method that takes input calls it");
        }
        if (r.readsInput != null) {
            sb.append(r.evidence >= MEDIUM ? "; reads input every round (" : "; may read input (").append(r.readsInput).append(')');
        } else if (r.descends) {
            sb.append("; walks down a structure in memory");
        }
        int f = r.family(g);
        if (f >= 0 && DATA_FAMILIES.contains(g.nodes[f].name())) {
            sb.append("; recurses through ").append(MethodNames.shortName(g.nodes[f])).append(" of the data it holds");
        }
        sb.append(r.guarded() ? "; guarded" : "; no depth limit");
        return sb.toString();
    }

    static String surfaceName(int surface) {
        return surface == INPUT ? "input" : surface == DATA ? "data" : "none";
    }

    private boolean isEntryPoint(int v) {
        MethodShape m = graph.nodes[v];
        ClassShape c = classes.get(m.owner());
        if (c == null || (c.access() & Access.PUBLIC) == 0 || (m.access() & Access.PUBLIC) == 0
                || (m.access() & (Access.SYNTHETIC | Access.BRIDGE)) != 0) {
            return false;
        }
        return inputParameter(m.descriptor(), true) != null || !m.isConstructor() && heldInput(m.owner()) != null;
    }

    private final Map<String, String> held = new HashMap<>();

    /**
     * What input an object of the class holds, or null: the class reads input (a parser, a reader)
     * or has a public constructor that takes input ({@code new Parser(text).parse()}): its public
     * methods then work on that input.
     */
    String heldInput(String owner) {
        String h = held.get(owner);
        if (h == null) {
            h = "";
            if (readerType(owner)) {
                h = simple(owner);
            } else {
                ClassShape c = classes.get(owner);
                if (c != null) {
                    for (MethodShape ctor : c.methods()) {
                        String p = ctor.isConstructor() && (ctor.access() & Access.PUBLIC) != 0
                                ? inputParameter(ctor.descriptor(), false) : null;
                        if (p != null) {
                            h = p;
                            break;
                        }
                    }
                }
            }
            held.put(owner, h);
        }
        return h.isEmpty() ? null : h;
    }

    /** The first parameter of an input type (a reader of input, or with {@code trees} also a tree), by its simple name, or null. */
    static String inputParameter(String descriptor, boolean trees) {
        return parameter(descriptor, true, trees);
    }

    /**
     * The first parameter, by its simple name, that is a reader of input; with {@code values} also a
     * string, a {@code byte[]} or {@code char[]}, a URL or file; with {@code trees} also a tree. Null
     * when there is none.
     */
    private static String parameter(String descriptor, boolean values, boolean trees) {
        int i = 1;
        while (descriptor.charAt(i) != ')') {
            int start = i;
            while (descriptor.charAt(i) == '[') {
                i++;
            }
            int end = descriptor.charAt(i) == 'L' ? descriptor.indexOf(';', i) + 1 : i + 1;
            String type = descriptor.substring(start, end);
            if (values && (type.equals("[B") || type.equals("[C"))) {
                return type.equals("[B") ? "byte[]" : "char[]";
            }
            String name = start == i && type.charAt(0) == 'L' ? type.substring(1, type.length() - 1) : null;
            if (name != null && (readerType(name) || values && VALUE_TYPES.contains(name) || trees && treeType(name))) {
                return simple(name);
            }
            i = end;
        }
        return null;
    }

    /** A type input is read from, a piece at a time: the JDK's readers and streams, or a class named like a reader, parser or decoder. */
    static boolean readerType(String internalName) {
        return READER_TYPES.contains(internalName)
                || !internalName.startsWith("java/") && !internalName.startsWith("javax/") && READER_NAME.matcher(simple(internalName)).matches();
    }

    /** A tree made from input (a DOM node, a syntax tree) or a visitor over one. */
    static boolean treeType(String internalName) {
        return TREE_TYPES.contains(internalName)
                || !internalName.startsWith("java/") && TREE_NAME.matcher(simple(internalName)).matches();
    }

    private static String simple(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1);
    }
}
