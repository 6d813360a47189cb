package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.Call;
import io.stackwatch.agent.classfile.MethodShape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The call graph of the whole input. Nodes are the methods with a body; an edge u → v says some
 * call in u can reach v: exact calls to the method they name (or inherit), virtual and interface
 * calls to every override the class hierarchy allows, lambdas and method references to the method
 * their {@code invokedynamic} bootstrap arguments name. Each edge keeps its fan-out: how many
 * targets the most precise call behind it has (1 = a direct or monomorphic call). A virtual call on
 * a type outside the input ({@code Appendable}, {@code Iterator}) counts one target more: classes
 * the scan did not read (the JDK's own writers and iterators) implement it too.
 *
 * <p>A virtual call with more than {@code --max-targets} targets ({@code Object.hashCode()},
 * {@code TypeAdapter.write}, {@code Node.match}) goes to a <em>dispatch family</em>: one extra node
 * after the methods, standing for the method as the call names it, with an edge to each of its
 * implementations. The edge into a family has fan-out {@link #FAMILY_FANOUT}; a cycle through it
 * is a recursion through many implementations, reported with their number. One node per family
 * keeps the graph linear in size where an edge per caller per implementation would not be.
 */
final class CallGraph {

    private static final int[] NONE = new int[0];
    /** The fan-out of a call into a dispatch family; other calls' fan-outs are capped below it. */
    static final byte FAMILY_FANOUT = 127;

    final MethodShape[] nodes;
    /** What the guard analysis found in each node, parallel to {@link #nodes} (never null). */
    final DepthFacts[] facts;
    /** Distinct targets of each node. */
    final int[][] edges;
    /** Fan-out of each edge, parallel to {@link #edges} (capped at 127). */
    final byte[][] fanout;
    /** Distinct callers of each node. */
    final int[][] callers;
    /** Per node, per call: the methods it can reach (shared arrays), null when megamorphic. */
    private final int[][][] callTargets;

    final int callSites;
    final int megamorphicCalls;
    final int edgeCount;
    /** Each class's superclass, for classes of the input. */
    final Map<String, String> superclasses = new HashMap<>();
    /** Nodes below this are methods with a body; from it on, dispatch families. */
    final int methodCount;
    /** Per family (index {@code v - methodCount}): its implementations in the input, and whether classes outside may add more. */
    private final int[] familySizes;
    private final boolean[] familyOpen;

    private CallGraph(MethodShape[] nodes, DepthFacts[] facts, int[][] edges, byte[][] fanout, int[][] callers,
                      int[][][] callTargets, int callSites, int megamorphicCalls, int edgeCount, int methodCount,
                      int[] familySizes, boolean[] familyOpen) {
        this.methodCount = methodCount;
        this.familySizes = familySizes;
        this.familyOpen = familyOpen;
        this.nodes = nodes;
        this.facts = facts;
        this.edges = edges;
        this.fanout = fanout;
        this.callers = callers;
        this.callTargets = callTargets;
        this.callSites = callSites;
        this.megamorphicCalls = megamorphicCalls;
        this.edgeCount = edgeCount;
    }

    /** A call as a cache key: owner, name, descriptor and kind, hashed once. */
    private static final class CallKey {
        final String owner;
        final String name;
        final String descriptor;
        final boolean virtual;
        final int hash;

        CallKey(Call call) {
            this.owner = call.target().owner();
            this.name = call.target().name();
            this.descriptor = call.target().descriptor();
            this.virtual = call.dispatched();
            this.hash = ((owner.hashCode() * 31 + name.hashCode()) * 31 + descriptor.hashCode()) * 2 + (virtual ? 1 : 0);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof CallKey)) {
                return false;
            }
            CallKey k = (CallKey) o;
            return hash == k.hash && virtual == k.virtual && name.equals(k.name) && owner.equals(k.owner)
                    && descriptor.equals(k.descriptor);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    static CallGraph build(List<ClassShape> classes, int maxTargets) {
        return build(classes, java.util.Collections.<MethodShape, DepthFacts>emptyMap(), maxTargets);
    }

    static CallGraph build(List<ClassShape> classes, Map<MethodShape, DepthFacts> facts, int maxTargets) {
        List<MethodShape> nodes = new ArrayList<>();
        Map<String, ClassShape> byName = new HashMap<>(classes.size() * 2);
        Map<String, Map<String, Integer>> declared = new HashMap<>(classes.size() * 2);
        for (ClassShape c : classes) {
            byName.put(c.name(), c);
            Map<String, Integer> methods = new HashMap<>(c.methods().size() * 2);
            for (MethodShape m : c.methods()) {
                int id = ClassHierarchy.NO_CODE;
                if (m.hasCode()) {
                    id = nodes.size();
                    nodes.add(m);
                }
                methods.put(m.ref().signature(), id);
            }
            declared.put(c.name(), methods);
        }
        ClassHierarchy hierarchy = new ClassHierarchy(byName, declared);
        int n = nodes.size();
        Families families = new Families(hierarchy, n);
        Map<CallKey, int[]> resolved = new HashMap<>();
        int[][][] callTargets = new int[n][][];
        // Sized for the families too: the loop below adds them as it meets megamorphic calls.
        int[][] edges = new int[n][];
        byte[][] fanout = new byte[n][];
        int[] mark = new int[n];
        int[] slot = new int[n];
        int[] inDegree = new int[n];
        int[] targets = new int[16];
        byte[] fans = new byte[16];
        int callSites = 0;
        int megamorphic = 0;
        int edgeCount = 0;
        for (int u = 0; u < n; u++) {
            int stamp = u + 1;
            int count = 0;
            MethodShape m = nodes.get(u);
            int[][] perCall = new int[m.calls().size()][];
            callTargets[u] = perCall;
            for (int k = 0; k < perCall.length; k++) {
                Call call = m.calls().get(k);
                callSites++;
                int[] t = resolve(hierarchy, resolved, call, maxTargets);
                if (t == null) {
                    megamorphic++;
                    t = families.of(call);
                }
                perCall[k] = t;
                boolean elsewhere = call.dispatched() && !hierarchy.inInput(call.target().owner());
                byte f = t.length == 1 && t[0] >= n ? FAMILY_FANOUT
                        : (byte) Math.min(FAMILY_FANOUT - 1, t.length + (elsewhere ? 1 : 0));
                for (int v : t) {
                    if (v >= mark.length) {
                        int grown = Math.max(v + 1, mark.length * 2);
                        mark = java.util.Arrays.copyOf(mark, grown);
                        slot = java.util.Arrays.copyOf(slot, grown);
                        inDegree = java.util.Arrays.copyOf(inDegree, grown);
                    }
                    if (mark[v] == stamp) {
                        if (f < fans[slot[v]]) {
                            fans[slot[v]] = f;
                        }
                        continue;
                    }
                    mark[v] = stamp;
                    if (count == targets.length) {
                        targets = java.util.Arrays.copyOf(targets, count * 2);
                        fans = java.util.Arrays.copyOf(fans, count * 2);
                    }
                    slot[v] = count;
                    targets[count] = v;
                    fans[count] = f;
                    count++;
                    inDegree[v]++;
                }
            }
            edges[u] = count == 0 ? NONE : java.util.Arrays.copyOf(targets, count);
            fanout[u] = java.util.Arrays.copyOf(fans, count);
            edgeCount += count;
        }
        int total = n + families.count();
        edges = java.util.Arrays.copyOf(edges, total);
        fanout = java.util.Arrays.copyOf(fanout, total);
        callTargets = java.util.Arrays.copyOf(callTargets, total);
        inDegree = java.util.Arrays.copyOf(inDegree, total);
        for (int v = n; v < total; v++) {
            int[] impls = families.implementations(v);
            edges[v] = impls;
            byte[] ones = new byte[impls.length];
            java.util.Arrays.fill(ones, (byte) 1);
            fanout[v] = ones;
            callTargets[v] = new int[0][];
            edgeCount += impls.length;
            for (int w : impls) {
                inDegree[w]++;
            }
            nodes.add(families.shape(v));
        }
        int[][] callers = new int[total][];
        for (int v = 0; v < total; v++) {
            callers[v] = inDegree[v] == 0 ? NONE : new int[inDegree[v]];
        }
        int[] fill = new int[total];
        for (int u = 0; u < total; u++) {
            for (int v : edges[u]) {
                callers[v][fill[v]++] = u;
            }
        }
        DepthFacts[] nodeFacts = new DepthFacts[total];
        for (int v = 0; v < total; v++) {
            DepthFacts f = v < n ? facts.get(nodes.get(v)) : null;
            nodeFacts[v] = f != null ? f : DepthFacts.NONE;
        }
        CallGraph g = new CallGraph(nodes.toArray(new MethodShape[0]), nodeFacts, edges, fanout, callers, callTargets, callSites,
                megamorphic, edgeCount, n, families.sizes(), families.open());
        for (ClassShape c : classes) {
            if (c.superName() != null) {
                g.superclasses.put(c.name(), c.superName());
            }
        }
        return g;
    }

    /** The dispatch families met so far, one per megamorphic call as named (owner, name, descriptor, kind). */
    private static final class Families {
        private final ClassHierarchy hierarchy;
        private final int firstId;
        private final Map<CallKey, int[]> byCall = new HashMap<>();
        private final List<int[]> implementations = new ArrayList<>();
        private final List<MethodShape> shapes = new ArrayList<>();
        private final List<Boolean> open = new ArrayList<>();

        Families(ClassHierarchy hierarchy, int firstId) {
            this.hierarchy = hierarchy;
            this.firstId = firstId;
        }

        /** The one-element target list of the family a megamorphic call goes to. */
        int[] of(Call call) {
            CallKey key = new CallKey(call);
            int[] id = byCall.get(key);
            if (id == null) {
                id = new int[]{firstId + implementations.size()};
                implementations.add(hierarchy.dispatch(key.owner, key.name + key.descriptor, Integer.MAX_VALUE));
                shapes.add(io.stackwatch.agent.classfile.MethodShape.reference(call.target(),
                        io.stackwatch.agent.classfile.Access.ABSTRACT));
                open.add(!hierarchy.inInput(key.owner));
                byCall.put(key, id);
            }
            return id;
        }

        int count() {
            return implementations.size();
        }

        int[] implementations(int v) {
            return implementations.get(v - firstId);
        }

        MethodShape shape(int v) {
            return shapes.get(v - firstId);
        }

        int[] sizes() {
            int[] out = new int[implementations.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = implementations.get(i).length;
            }
            return out;
        }

        boolean[] open() {
            boolean[] out = new boolean[open.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = open.get(i);
            }
            return out;
        }
    }

    private static int[] resolve(ClassHierarchy hierarchy, Map<CallKey, int[]> cache, Call call, int maxTargets) {
        CallKey key = new CallKey(call);
        boolean virtual = key.virtual;
        if (cache.containsKey(key)) {
            return cache.get(key);
        }
        int[] t;
        if (key.owner.startsWith("[")) {
            t = NONE; // clone() and friends on arrays
        } else if (virtual) {
            t = hierarchy.dispatch(key.owner, key.name + key.descriptor, maxTargets);
        } else {
            int id = hierarchy.resolve(key.owner, key.name + key.descriptor);
            t = id < 0 ? NONE : new int[]{id};
        }
        cache.put(key, t);
        return t;
    }

    int size() {
        return nodes.length;
    }

    /** Whether a node is a dispatch family rather than a method. */
    boolean isFamily(int v) {
        return v >= methodCount;
    }

    /** A family's implementations in the input. */
    int familySize(int v) {
        return familySizes[v - methodCount];
    }

    /** Whether a family's method is declared outside the input, so that classes the scan did not read implement it too. */
    boolean familyOpen(int v) {
        return familyOpen[v - methodCount];
    }

    /** Dispatch families in the graph. */
    int families() {
        return nodes.length - methodCount;
    }

    /** The methods one call of a node can reach; for a megamorphic call, its dispatch family. */
    int[] targetsOf(int node, int callIndex) {
        return callTargets[node][callIndex];
    }

    /** The fan-out of edge u → v, or 0 when there is no such edge. */
    int fanout(int u, int v) {
        int[] e = edges[u];
        for (int i = 0; i < e.length; i++) {
            if (e[i] == v) {
                return fanout[u][i];
            }
        }
        return 0;
    }

    /** The first call of {@code u} that can reach {@code v}, or -1. */
    int firstCall(int u, int v) {
        List<Call> calls = nodes[u].calls();
        for (int i = 0; i < calls.size(); i++) {
            int[] t = targetsOf(u, i);
            if (t != null) {
                for (int x : t) {
                    if (x == v) {
                        return i;
                    }
                }
            }
        }
        return -1;
    }
}
