package io.stackwatch.agent.graph;

import io.stackwatch.agent.classfile.Call;
import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.FrameCost;
import io.stackwatch.agent.classfile.MethodRef;
import io.stackwatch.agent.classfile.MethodShape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The call graph of the classes loaded so far, grown one class at a time as the JVM loads them,
 * with its call cycles kept up to date: the agent's foresight without arguments. Every loaded class
 * of the application is added (shaded copies and all), and a class whose loading closes a cycle
 * gets the cycle counted at once, preferably at one of its own methods (instrumented as it loads);
 * a cycle closed only among classes loaded before is counted at one of theirs, to be instrumented by
 * retransformation.
 *
 * <p><b>Nodes and edges.</b> A method node {@code M(T, sig)} stands for a method as seen from type
 * {@code T}: the method {@code T} declares, or, when it declares none, a forwarding node with an edge
 * to {@code M(S, sig)} of each direct supertype {@code S} (the inherited method, resolved one level at
 * a time as supertypes load). A dispatch node {@code V(T, sig)} stands for a virtual or interface call
 * on {@code T}: an edge to {@code M(T, sig)} and one to {@code V(U, sig)} of each direct subtype
 * {@code U} — class hierarchy analysis, grown incrementally and linear in the hierarchy, so a call on an
 * interface with hundreds of implementations is one edge, not hundreds, and is never dropped as
 * megamorphic. An exact call ({@code invokestatic}, {@code invokespecial}) is an edge to {@code M};
 * a virtual or interface call an edge to {@code V}; a lambda or method reference created in a
 * method an edge to the method it names (see {@link Call#viaHandle()}). Calls into the JDK are not
 * followed: the JDK's own data-driven recursion is watched from a list, and cycles through JDK
 * callbacks are learned at run time.
 *
 * <p><b>Cycles.</b> The strongly connected components are kept as the graph grows with Pearce and
 * Kelly's dynamic topological order: an edge that agrees with the order costs nothing; one that
 * does not is checked by a search bounded to the stretch of the order between its ends, which in the
 * order classes load (callers before callees) is short. A cycle found merges its components. When
 * the searches of one class run past {@link #SEARCH_BUDGET} nodes (new code calling into a large
 * body of code loaded before it), the rest of its edges wait for {@link #catchUp}: one pass of
 * Tarjan's algorithm over the whole graph, off the loading thread, which orders it afresh and counts
 * what those edges closed. Until then each class that loads still has the cycles through it found
 * as it loads, by Tarjan over the nodes it reaches or those that reach it (bounded searches): a class used
 * as soon as it loads is counted before it runs. So a class's load costs at most its own edges and
 * two bounded searches; the rare cycle that only a long search finds is counted a moment later, by
 * retransformation.
 *
 * <p><b>Counting.</b> Of each cycle only enough methods are counted that every cycle passes through
 * one ({@link CycleCover}); what is counted stays counted.
 *
 * <p>Runs while classes load, on whatever thread and at whatever depth: no recursion anywhere, and
 * one lock.
 */
public final class LiveCallGraph {

    /**
     * Nodes the reordering searches of one class's edges may visit in all. A class whose edges need
     * more (new code calling into a large body of code loaded before it, whose reach is large) leaves
     * the order to be rebuilt off the loading thread ({@link #catchUp}).
     */
    static final int SEARCH_BUDGET = 1_000;

    private static final int KIND_METHOD = 0;
    private static final int KIND_DISPATCH = 1;

    // Node flags.
    private static final int DECLARED = 1;
    private static final int HAS_CODE = 2;
    private static final int COUNTABLE = 4;
    private static final int COUNTED = 8;
    private static final int SELF_LOOP = 16;
    private static final int ON_CYCLE = 32;
    private static final int FORWARDED = 64;
    private static final int NATIVE = 128;

    /** Which classes' methods the graph follows: a call to any other owner is not an edge. */
    public interface Scope {
        boolean follows(String internalName);
    }

    /** A method the graph decided to count, with the estimated bytes of one round of its cycle. */
    public static final class Counter {
        private final MethodRef method;
        private final int roundBytes;
        private final boolean inAddedClass;

        Counter(MethodRef method, int roundBytes, boolean inAddedClass) {
            this.method = method;
            this.roundBytes = roundBytes;
            this.inAddedClass = inAddedClass;
        }

        public MethodRef method() {
            return method;
        }

        public int roundBytes() {
            return roundBytes;
        }

        /** Whether the method belongs to the class just added (else it is loaded already). */
        public boolean inAddedClass() {
            return inAddedClass;
        }

        @Override
        public String toString() {
            return method.key() + " (" + roundBytes + " B a round)";
        }
    }

    private static final class TypeInfo {
        final String name;
        boolean loaded;
        /** Whether the class, once loaded, may still be given counting code (by retransformation). */
        boolean retransformable = true;
        int[] supers = new int[0];
        final IntList subtypes = new IntList();
        /** Signatures with a dispatch node on this type. */
        final IntList dispatchSigs = new IntList();
        /** Method nodes of this type, declared or forwarding. */
        final IntList methodNodes = new IntList();

        TypeInfo(String name) {
            this.name = name;
        }
    }

    private final Scope scope;
    private final Map<String, Integer> typeIds = new HashMap<>();
    private final List<TypeInfo> types = new ArrayList<>();
    private final SigTable sigs = new SigTable();
    private final LongIntMap index = new LongIntMap(1 << 14);

    private int nodes;
    private byte[] kind = new byte[1024];
    private int[] nodeType = new int[1024];
    private int[] nodeSig = new int[1024];
    private int[] flags = new int[1024];
    private int[] countedBytes = new int[1024];
    private int[] plainBytes = new int[1024];
    private final EdgePool edges = new EdgePool();
    /** Position in the topological order of the components (meaningful on representatives). */
    private int[] ord = new int[1024];
    /** Union-find of components: a node's parent, a representative its own. */
    private int[] parent = new int[1024];
    /** Members of a component as a circular list through this array. */
    private int[] nextMember = new int[1024];
    private int nextOrd;

    // Per-call scratch, reused: marks by stamp.
    private int[] markF = new int[1024];
    private int[] markB = new int[1024];
    /** A node's index among its component's members while the component is covered. */
    private int[] position = new int[1024];
    private int stamp;
    private final IntList changed = new IntList();
    private int edgeCount;
    private int rebuilds;
    /** Whether the order holds for every edge (false after a search ran out of budget, until {@link #catchUp}). */
    private boolean ordered = true;
    /** What the searches of the class being added may still visit. */
    private int budgetLeft;

    private final int searchBudget;

    public LiveCallGraph(Scope scope) {
        this(scope, SEARCH_BUDGET);
    }

    /** With a smaller budget, for the tests of the full reordering. */
    LiveCallGraph(Scope scope, int searchBudget) {
        this.scope = scope;
        this.searchBudget = searchBudget;
    }

    // ------------------------------------------------------------------ growing

    /**
     * Adds a class as it loads and counts what its loading closed.
     *
     * @param counted the methods of the class the caller counts itself (keys, {@link MethodRef#key()}):
     *                the planner's rewritten cycles, whose entries are counted
     * @return the methods to count from now on, those of the added class first
     */
    public synchronized List<Counter> add(ClassShape shape, Set<String> counted) {
        return add(shape, counted, true);
    }

    /**
     * {@link #add(ClassShape, Set)}, saying whether the class may be retransformed later: a class that
     * may not is counted as it loads or never, and a cycle it closes later is counted elsewhere.
     */
    public synchronized List<Counter> add(ClassShape shape, Set<String> counted, boolean retransformable) {
        int t = type(shape.name());
        TypeInfo info = types.get(t);
        if (info.loaded) {
            // A second class of the same name (another loader): its calls are those of the first, as
            // far as names go. Its counted methods are the first one's.
            return Collections.emptyList();
        }
        info.loaded = true;
        info.retransformable = retransformable;
        changed.clear();
        budgetLeft = searchBudget;
        List<String> supertypes = shape.supertypes();
        IntList followedSupers = new IntList();
        for (String s : supertypes) {
            if (scope.follows(s)) {
                int st = type(s);
                followedSupers.add(st);
                types.get(st).subtypes.add(t);
            }
        }
        info.supers = followedSupers.toArray();

        // The class's own methods: declared nodes.
        for (MethodShape m : shape.methods()) {
            int v = methodNode(t, sig(m.name(), m.descriptor()));
            int f = flags[v] | DECLARED;
            if (m.hasCode()) {
                f |= HAS_CODE;
            }
            if (m.countable()) {
                f |= COUNTABLE;
            }
            if ((m.access() & io.stackwatch.agent.classfile.Access.NATIVE) != 0) {
                f |= NATIVE;
            }
            if (counted.contains(m.key())) {
                f |= COUNTED;
            }
            flags[v] = f;
            countedBytes[v] = FrameCost.counted(m);
            plainBytes[v] = FrameCost.interpreted(m);
        }
        // Nodes that stood for this type's methods before it loaded: those it does not declare forward.
        IntList own = info.methodNodes;
        for (int i = 0; i < own.size(); i++) {
            int v = own.get(i);
            if ((flags[v] & DECLARED) == 0) {
                forward(v);
            }
        }
        // Calls on its supertypes now reach it too.
        for (int st : info.supers) {
            IntList sigs = types.get(st).dispatchSigs;
            for (int i = 0; i < sigs.size(); i++) {
                int sig = sigs.get(i);
                addEdge(dispatchNode(st, sig), dispatchNode(t, sig), false);
            }
        }
        // Its calls.
        for (MethodShape m : shape.methods()) {
            if (!m.hasCode()) {
                continue;
            }
            int from = methodNode(t, sig(m.name(), m.descriptor()));
            for (Call c : m.calls()) {
                MethodRef target = c.target();
                String owner = target.owner();
                if (owner.startsWith("[") || !scope.follows(owner)) {
                    continue;
                }
                int to = c.dispatched() ? dispatchNode(type(owner), sig(target.name(), target.descriptor()))
                        : methodNode(type(owner), sig(target.name(), target.descriptor()));
                addEdge(from, to, c.inLoop());
            }
        }
        if (!ordered) {
            // The order waits for the catch-up, a moment later, off this thread: too late for a class
            // used as soon as it loads (a parser's converters, then its first, hostile, input). The
            // cycles through this class are found now: among the nodes it reaches, or that reach it.
            closeThroughType(t);
        }
        return cover(t);
    }

    /**
     * Nodes each of the two searches for the cycles through one class may visit
     * ({@link #closeThroughType}); past that, only the cycles inside the class are found as it loads.
     * The corpus's cycles closed at first use (XStream's converters, ion's printer, Jackson's
     * deserializers) are found within 300 (at 0, XStream's in one run of three); at 2,000 the Spring
     * Boot example's start took about 1 s more CPU and 30 MB more memory (medians of three pairs: its
     * classes reach far, and most of them close nothing).
     */
    static final int CLOSE_BUDGET = 300;

    /**
     * Merges the components of the cycles through the nodes of type {@code t}. Every node on such a
     * cycle is reached from {@code t}'s nodes and reaches them, so Tarjan over either set finds them
     * all: the two are searched side by side, one node at a time each, and the first complete one is
     * taken (a new converter is called by little; a new printer calls little). When both run past
     * {@link #CLOSE_BUDGET}, the cycles inside the class alone are found now and the catch-up finds
     * the rest.
     */
    private void closeThroughType(int t) {
        IntList own = ownNodes(t);
        int sf = ++stamp;
        int sb = ++stamp;
        IntList forward = new IntList();
        IntList backward = new IntList();
        for (int i = 0; i < own.size(); i++) {
            int v = own.get(i);
            markF[v] = sf;
            markB[v] = sb;
            forward.add(v);
            backward.add(v);
        }
        int fi = 0;
        int bi = 0;
        while (true) {
            if (fi == forward.size()) {
                closeAmong(forward);
                return;
            }
            int w = forward.get(fi++);
            for (int e = edges.firstOut(w); e >= 0; e = edges.nextOut(e)) {
                int v = edges.target(e);
                if (markF[v] != sf) {
                    markF[v] = sf;
                    forward.add(v);
                }
            }
            if (bi == backward.size()) {
                closeAmong(backward);
                return;
            }
            w = backward.get(bi++);
            for (int e = edges.firstIn(w); e >= 0; e = edges.nextIn(e)) {
                int v = edges.source(e);
                if (markB[v] != sb) {
                    markB[v] = sb;
                    backward.add(v);
                }
            }
            if (forward.size() > CLOSE_BUDGET && backward.size() > CLOSE_BUDGET) {
                closeAmong(own);
                return;
            }
        }
    }

    /** The method and dispatch nodes of type {@code t}. */
    private IntList ownNodes(int t) {
        TypeInfo info = types.get(t);
        IntList local = new IntList();
        for (int i = 0; i < info.methodNodes.size(); i++) {
            local.add(info.methodNodes.get(i));
        }
        for (int i = 0; i < info.dispatchSigs.size(); i++) {
            int v = index.get(key(KIND_DISPATCH, t, info.dispatchSigs.get(i)), -1);
            if (v >= 0) {
                local.add(v);
            }
        }
        return local;
    }
    /**
     * Merges the components formed by {@code local}'s nodes among themselves (Tarjan over the subgraph
     * they induce): costs their own edges, whatever the graph's size.
     */
    private void closeAmong(IntList local) {
        int n = local.size();
        int s = ++stamp;
        for (int i = 0; i < n; i++) {
            markB[local.get(i)] = s;
            position[local.get(i)] = i;
        }
        int[][] adjacency = new int[n][];
        IntList targets = new IntList();
        for (int i = 0; i < n; i++) {
            targets.clear();
            for (int e = edges.firstOut(local.get(i)); e >= 0; e = edges.nextOut(e)) {
                int w = edges.target(e);
                if (markB[w] == s) {
                    targets.add(position[w]);
                }
            }
            adjacency[i] = targets.toArray();
        }
        int[] component = StronglyConnected.components(adjacency);
        int[] rep = new int[n];
        Arrays.fill(rep, -1);
        for (int i = 0; i < n; i++) {
            int c = component[i];
            int v = local.get(i);
            if (rep[c] < 0) {
                rep[c] = find(v);
            } else if (find(rep[c]) != find(v)) {
                rep[c] = union(rep[c], v);
                changed.add(rep[c]);
            }
        }
    }

    /**
     * Whether some class's edges went unchecked (their searches ran out of budget): {@link #catchUp}
     * then orders the graph afresh and counts what those edges closed.
     */
    public synchronized boolean needsCatchUp() {
        return !ordered;
    }

    /**
     * Orders the whole graph afresh with Tarjan's algorithm when a class's edges went unchecked, and
     * counts the cycles they closed; returns the methods to count (in loaded classes: to be
     * retransformed). Runs off the loading threads, a few times while an application starts.
     */
    public synchronized List<Counter> catchUp() {
        if (ordered) {
            return Collections.emptyList();
        }
        changed.clear();
        rebuild();
        ordered = true;
        return cover(-1);
    }

    /**
     * Counts one method more (a cycle learned at run time: an overflow or the patrol saw it where the
     * bytecode showed none). Returns false when the graph knows no such method or counts it already.
     */
    public synchronized boolean countLearned(MethodRef method) {
        Integer t = typeIds.get(method.owner());
        int s = sigs.find(method.name(), method.descriptor());
        if (t == null || s < 0) {
            return false;
        }
        int v = index.get(key(KIND_METHOD, t, s), -1);
        if (v < 0 || (flags[v] & COUNTED) != 0 || (flags[v] & COUNTABLE) == 0 || !types.get(t).retransformable) {
            return false;
        }
        flags[v] |= COUNTED;
        return true;
    }

    /** A method of {@code type}: its declared node, or a forwarding one. */
    private int methodNode(int t, int sig) {
        long k = key(KIND_METHOD, t, sig);
        int v = index.get(k, -1);
        if (v >= 0) {
            return v;
        }
        v = newNode(KIND_METHOD, t, sig);
        index.put(k, v);
        TypeInfo info = types.get(t);
        info.methodNodes.add(v);
        if (info.loaded) {
            // Looked up after its class loaded and not declared there: inherited.
            forward(v);
        }
        return v;
    }

    /** Edges from an undeclared method node to the same method of each direct supertype. */
    private void forward(int v) {
        if ((flags[v] & FORWARDED) != 0) {
            return;
        }
        flags[v] |= FORWARDED;
        for (int st : types.get(nodeType[v]).supers) {
            addEdge(v, methodNode(st, nodeSig[v]), false);
        }
    }

    /** The dispatch node of a virtual call on {@code t}, with the nodes of every known subtype below it. */
    private int dispatchNode(int t, int sig) {
        long k = key(KIND_DISPATCH, t, sig);
        int v = index.get(k, -1);
        if (v >= 0) {
            return v;
        }
        v = newDispatch(t, sig, k);
        // Down the known subtypes, without recursion: (type, the dispatch node above it).
        IntList work = new IntList();
        pushSubtypes(work, t, v);
        while (!work.isEmpty()) {
            int above = work.pop();
            int st = work.pop();
            long sk = key(KIND_DISPATCH, st, sig);
            int w = index.get(sk, -1);
            if (w >= 0) {
                addEdge(above, w, false); // its own subtree is linked already
                continue;
            }
            w = newDispatch(st, sig, sk);
            addEdge(above, w, false);
            pushSubtypes(work, st, w);
        }
        return v;
    }

    private int newDispatch(int t, int sig, long k) {
        int v = newNode(KIND_DISPATCH, t, sig);
        index.put(k, v);
        types.get(t).dispatchSigs.add(sig);
        addEdge(v, methodNode(t, sig), false);
        return v;
    }

    private void pushSubtypes(IntList work, int t, int above) {
        IntList subs = types.get(t).subtypes;
        for (int i = 0; i < subs.size(); i++) {
            work.add(subs.get(i));
            work.add(above);
        }
    }

    private int type(String internalName) {
        Integer id = typeIds.get(internalName);
        if (id != null) {
            return id;
        }
        int t = types.size();
        types.add(new TypeInfo(internalName));
        typeIds.put(internalName, t);
        return t;
    }

    private int sig(String name, String descriptor) {
        return sigs.intern(name, descriptor);
    }

    private static long key(int kind, int type, int sig) {
        return ((long) kind << 62) | ((long) type << 31) | sig;
    }

    private int newNode(int k, int t, int sig) {
        int v = nodes++;
        if (v == kind.length) {
            int n = v * 2;
            kind = Arrays.copyOf(kind, n);
            nodeType = Arrays.copyOf(nodeType, n);
            nodeSig = Arrays.copyOf(nodeSig, n);
            flags = Arrays.copyOf(flags, n);
            countedBytes = Arrays.copyOf(countedBytes, n);
            plainBytes = Arrays.copyOf(plainBytes, n);

            ord = Arrays.copyOf(ord, n);
            parent = Arrays.copyOf(parent, n);
            nextMember = Arrays.copyOf(nextMember, n);
            markF = Arrays.copyOf(markF, n);
            markB = Arrays.copyOf(markB, n);
            position = Arrays.copyOf(position, n);
        }
        kind[v] = (byte) k;
        nodeType[v] = t;
        nodeSig[v] = sig;
        edges.node(v);
        ord[v] = nextOrd++;
        parent[v] = v;
        nextMember[v] = v;
        return v;
    }

    // ------------------------------------------------------------------ the dynamic order

    private void addEdge(int u, int v, boolean loop) {
        if (!edges.add(u, v, loop)) {
            return;
        }
        edgeCount++;
        if (u == v) {
            flags[u] |= SELF_LOOP;
            changed.add(find(u));
            return;
        }
        int ru = find(u);
        int rv = find(v);
        if (ru == rv) {
            // New paths inside a component: its cycles may need another counted method.
            changed.add(ru);
            return;
        }
        if (!ordered || ord[ru] < ord[rv]) {
            // In order (or the order waits for the catch-up, which will see this edge).
            return;
        }
        if (!reorder(ru, rv)) {
            ordered = false;
        }
    }

    /**
     * Pearce and Kelly's reordering after an edge {@code ru → rv} against the order: the components
     * reachable from {@code rv} and those reaching {@code ru}, within the stretch of the order between
     * them, are moved so that the latter come first; those in both form a cycle with the new edge and
     * merge into one component. Returns false when the search ran past its budget.
     */
    private boolean reorder(int ru, int rv) {
        int lb = ord[rv];
        int ub = ord[ru];
        int s = ++stamp;
        IntList forward = new IntList();
        IntList backward = new IntList();
        IntList work = new IntList();
        boolean cycle = false;

        work.add(rv);
        markF[rv] = s;
        while (!work.isEmpty()) {
            int w = work.pop();
            forward.add(w);
            int m = w;
            do {
                for (int e = edges.firstOut(m); e >= 0; e = edges.nextOut(e)) {
                    int r = find(edges.target(e));
                    if (r == ru) {
                        cycle = true;
                    } else if (ord[r] <= ub && markF[r] != s) {
                        markF[r] = s;
                        work.add(r);
                        if (--budgetLeft < 0) {
                            return false;
                        }
                    }
                }
                m = nextMember[m];
            } while (m != w);
        }
        work.add(ru);
        markB[ru] = s;
        while (!work.isEmpty()) {
            int w = work.pop();
            backward.add(w);
            int m = w;
            do {
                for (int e = edges.firstIn(m); e >= 0; e = edges.nextIn(e)) {
                    int r = find(edges.source(e));
                    if (ord[r] >= lb && markB[r] != s) {
                        markB[r] = s;
                        work.add(r);
                        if (--budgetLeft < 0) {
                            return false;
                        }
                    }
                }
                m = nextMember[m];
            } while (m != w);
        }
        if (cycle) {
            markF[ru] = s; // reached through the new edge
        }
        // The free positions, in order, handed out again: first what reaches ru, then the merged
        // cycle, then what rv reaches.
        // (The members of a cycle are in both lists: each position once.)
        int[] pool = new int[forward.size() + backward.size()];
        int p = 0;
        for (int i = 0; i < forward.size(); i++) {
            pool[p++] = ord[forward.get(i)];
        }
        for (int i = 0; i < backward.size(); i++) {
            int w = backward.get(i);
            if (markF[w] != s) {
                pool[p++] = ord[w];
            }
        }
        Arrays.sort(pool, 0, p);
        int[] before = byOrd(backward, cycle ? markF : null, s);
        int[] after = byOrd(forward, cycle ? markB : null, s);
        // What reaches ru takes the lowest positions, what rv reaches the highest (so each moves only
        // down, or only up, and keeps its place among the nodes left where they were); the merged
        // cycle, when there is one, the position just above the former.
        int next = 0;
        for (int w : before) {
            ord[w] = pool[next++];
        }
        if (cycle) {
            int rep = ru;
            for (int i = 0; i < forward.size(); i++) {
                int w = forward.get(i);
                if (markB[w] == s) {
                    rep = union(rep, w);
                }
            }
            ord[rep] = pool[next];
            changed.add(rep);
        }
        int top = p - after.length;
        for (int w : after) {
            ord[w] = pool[top++];
        }
        return true;
    }

    /** The components of {@code list} not marked {@code s} in {@code exclude}, sorted by their order. */
    private int[] byOrd(IntList list, int[] exclude, int s) {
        long[] keyed = new long[list.size()];
        int k = 0;
        for (int i = 0; i < list.size(); i++) {
            int w = list.get(i);
            if (exclude == null || exclude[w] != s) {
                keyed[k++] = ((long) ord[w] << 32) | w;
            }
        }
        Arrays.sort(keyed, 0, k);
        int[] outList = new int[k];
        for (int i = 0; i < k; i++) {
            outList[i] = (int) keyed[i];
        }
        return outList;
    }

    /** Orders the whole graph afresh with Tarjan's algorithm, merging every component it finds. */
    private void rebuild() {
        rebuilds++;
        // Compressed rows, not an array per node: a large service's graph has 100,000s of nodes, and
        // the catch-up runs several times while it starts.
        int[] first = new int[nodes + 1];
        int[] targets = new int[edges.size()];
        int i = 0;
        for (int v = 0; v < nodes; v++) {
            first[v] = i;
            for (int e = edges.firstOut(v); e >= 0; e = edges.nextOut(e)) {
                targets[i++] = edges.target(e);
            }
        }
        first[nodes] = i;
        int[] component = StronglyConnected.components(first, targets);
        int components = 0;
        for (int c : component) {
            components = Math.max(components, c + 1);
        }
        int[] rep = new int[components];
        Arrays.fill(rep, -1);
        for (int v = 0; v < nodes; v++) {
            int c = component[v];
            int r = find(v);
            if (rep[c] < 0) {
                rep[c] = r;
            } else if (rep[c] != r) {
                int before = rep[c];
                rep[c] = union(before, r);
                changed.add(rep[c]);
            }
        }
        // Successors have smaller component ids: reverse them into a topological order.
        for (int c = 0; c < components; c++) {
            ord[rep[c]] = components - 1 - c;
        }
        nextOrd = Math.max(nextOrd, components);
    }

    private int find(int v) {
        int r = v;
        while (parent[r] != r) {
            r = parent[r];
        }
        while (parent[v] != r) {
            int up = parent[v];
            parent[v] = r;
            v = up;
        }
        return r;
    }

    /** Merges two components; returns the representative. */
    private int union(int a, int b) {
        a = find(a);
        b = find(b);
        if (a == b) {
            return a;
        }
        parent[b] = a;
        int na = nextMember[a];
        nextMember[a] = nextMember[b];
        nextMember[b] = na;
        return a;
    }

    // ------------------------------------------------------------------ counting

    /** Chooses counted methods for the components that changed in this call. */
    private List<Counter> cover(int addedType) {
        List<Counter> counters = new ArrayList<>();
        int s = ++stamp;
        for (int i = 0; i < changed.size(); i++) {
            int r = find(changed.get(i));
            if (markF[r] == s) {
                continue;
            }
            markF[r] = s;
            coverComponent(r, addedType, counters);
        }
        changed.clear();
        if (counters.size() > 1) {
            // The added class's own methods first: the planner instruments them as the class loads.
            List<Counter> sorted = new ArrayList<>(counters.size());
            for (Counter c : counters) {
                if (c.inAddedClass) {
                    sorted.add(c);
                }
            }
            for (Counter c : counters) {
                if (!c.inAddedClass) {
                    sorted.add(c);
                }
            }
            return sorted;
        }
        return counters;
    }

    private void coverComponent(int r, int addedType, List<Counter> counters) {
        IntList members = new IntList();
        int m = r;
        do {
            members.add(m);
            m = nextMember[m];
        } while (m != r);
        int n = members.size();
        if (n == 1 && (flags[r] & SELF_LOOP) == 0) {
            return;
        }
        // Local numbering of the component's nodes.
        int[] local = new int[n];
        int s = ++stamp;
        for (int i = 0; i < n; i++) {
            local[i] = members.get(i);
            markB[local[i]] = s;
            position[local[i]] = i;
        }
        int[][] adjacency = new int[n][];
        boolean[][] loops = new boolean[n][];
        boolean[] self = new boolean[n];
        boolean[] countable = new boolean[n];
        boolean[] counted0 = new boolean[n];
        boolean[] preferred = new boolean[n];
        int[] frame = new int[n];
        int[] plain = new int[n];
        IntList targets = new IntList();
        IntList loopFlags = new IntList();
        for (int i = 0; i < n; i++) {
            int v = local[i];
            targets.clear();
            loopFlags.clear();
            for (int e = edges.firstOut(v); e >= 0; e = edges.nextOut(e)) {
                int t = edges.target(e);
                if (markB[t] == s) {
                    targets.add(position[t]);
                    loopFlags.add(edges.loop(e) ? 1 : 0);
                }
            }
            adjacency[i] = targets.toArray();
            loops[i] = new boolean[adjacency[i].length];
            for (int k = 0; k < loops[i].length; k++) {
                loops[i][k] = loopFlags.get(k) != 0;
            }
            int f = flags[v];
            self[i] = (f & SELF_LOOP) != 0;
            // Counted as it loads, or later by retransformation where that may be done.
            countable[i] = kind[v] == KIND_METHOD && (f & (DECLARED | COUNTABLE)) == (DECLARED | COUNTABLE)
                    && (nodeType[v] == addedType || types.get(nodeType[v]).retransformable);
            counted0[i] = (f & COUNTED) != 0;
            preferred[i] = nodeType[v] == addedType;
            // Dispatch and forwarding nodes are no frames of their own.
            frame[i] = kind[v] == KIND_METHOD && (f & DECLARED) != 0 ? countedBytes[v] : 0;
            plain[i] = kind[v] == KIND_METHOD && (f & DECLARED) != 0 ? plainBytes[v] : 0;
        }
        CycleCover.Cover cover = CycleCover.choose(adjacency, loops, self, countable, frame, plain, counted0, preferred);
        for (int i = 0; i < n; i++) {
            int v = local[i];
            if (cover.onCycle[i]) {
                flags[v] |= ON_CYCLE;
            }
            if (cover.roundBytes[i] > 0 && !counted0[i]) {
                flags[v] |= COUNTED;
                counters.add(new Counter(ref(v), cover.roundBytes[i], nodeType[v] == addedType));
            }
        }
    }

    private MethodRef ref(int v) {
        int s = nodeSig[v];
        return new MethodRef(types.get(nodeType[v]).name, sigs.name(s), sigs.descriptor(s));
    }

    // ------------------------------------------------------------------ queries

    /** Whether the graph has the method as declared by a loaded class, on a cycle. */
    public synchronized boolean onCycle(MethodRef method) {
        int v = declared(method);
        return v >= 0 && (flags[v] & ON_CYCLE) != 0;
    }

    /** Whether the method is counted (by the graph's choice or the caller's). */
    public synchronized boolean counted(MethodRef method) {
        int v = declared(method);
        return v >= 0 && (flags[v] & COUNTED) != 0;
    }

    /** Whether the loaded class {@code owner} declares {@code name+descriptor} as a native method. */
    public synchronized boolean isNative(String owner, String name, String descriptor) {
        int v = declared(new MethodRef(owner, name, descriptor));
        return v >= 0 && (flags[v] & NATIVE) != 0;
    }

    /** Whether the class was added and may be retransformed. */
    public synchronized boolean retransformable(String internalName) {
        Integer t = typeIds.get(internalName);
        return t == null || types.get(t).retransformable;
    }

    /** Whether the class was added. */
    public synchronized boolean loaded(String internalName) {
        Integer t = typeIds.get(internalName);
        return t != null && types.get(t).loaded;
    }

    private int declared(MethodRef method) {
        Integer t = typeIds.get(method.owner());
        int s = sigs.find(method.name(), method.descriptor());
        if (t == null || s < 0) {
            return -1;
        }
        int v = index.get(key(KIND_METHOD, t, s), -1);
        return v >= 0 && (flags[v] & DECLARED) != 0 ? v : -1;
    }

    /** Tests: throws when an edge between two components goes against the order. */
    synchronized void checkOrder() {
        for (int a = 0; a < nodes; a++) {
            for (int e = edges.firstOut(a); e >= 0; e = edges.nextOut(e)) {
                int b = edges.target(e);
                if (find(a) != find(b) && ord[find(a)] >= ord[find(b)]) {
                    throw new IllegalStateException("edge " + a + " -> " + b + " against the order: "
                            + ord[find(a)] + " >= " + ord[find(b)]);
                }
            }
        }
    }

    /** The component of a declared method (tests: the representative's node number), or -1. */
    synchronized int componentOf(MethodRef method) {
        int v = declared(method);
        return v < 0 ? -1 : find(v);
    }

    /** Figures for the start-up line and the tests. */
    public synchronized Stats stats() {
        int loaded = 0;
        for (TypeInfo t : types) {
            loaded += t.loaded ? 1 : 0;
        }
        int onCycle = 0;
        int counted = 0;
        for (int v = 0; v < nodes; v++) {
            onCycle += (flags[v] & ON_CYCLE) != 0 && kind[v] == KIND_METHOD && (flags[v] & DECLARED) != 0 ? 1 : 0;
            counted += (flags[v] & COUNTED) != 0 ? 1 : 0;
        }
        return new Stats(loaded, nodes, edgeCount, onCycle, counted, rebuilds);
    }

    /** Sizes of the graph. */
    public static final class Stats {
        public final int classes;
        public final int nodes;
        public final int edges;
        public final int methodsOnCycles;
        public final int countedMethods;
        public final int rebuilds;

        Stats(int classes, int nodes, int edges, int methodsOnCycles, int countedMethods, int rebuilds) {
            this.classes = classes;
            this.nodes = nodes;
            this.edges = edges;
            this.methodsOnCycles = methodsOnCycles;
            this.countedMethods = countedMethods;
            this.rebuilds = rebuilds;
        }

        @Override
        public String toString() {
            return classes + " classes, " + nodes + " nodes, " + edges + " edges, " + methodsOnCycles
                    + " methods on cycles, " + countedMethods + " counted, " + rebuilds + " full reorderings";
        }
    }
}
