package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.FrameCost;
import io.stackwatch.agent.classfile.MethodRef;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.config.AgentConfig;
import io.stackwatch.agent.graph.LiveCallGraph;
import io.stackwatch.core.tracking.MethodRegistry;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides how each class is instrumented, as it loads ({@link #planLoad}) or when something learned
 * later reaches it ({@link #count}): which of its cycles carry their depth in a parameter and which
 * methods get counting code, for the selection in force.
 *
 * <ul>
 * <li>{@code select=recursive} (the default): every class of the application goes into the
 * {@link LiveCallGraph}; what its loading closes is counted, at its own methods where possible; a
 * cycle of closed calls within the class ({@link ClosedCalls}) carries its depth in a parameter;
 * the JDK's data-driven recursion is counted from {@link JdkRecursion}.</li>
 * <li>{@code select=all}: every method of the selected classes is counted.</li>
 * <li>{@code select=scan:<file>}: the methods a scan report names are counted.</li>
 * <li>{@code limits}: a named method is counted on every call, with its own depth.</li>
 * </ul>
 */
final class Planner {

    private final AgentConfig.Select select;
    private final boolean depthParameters;
    private final Map<String, Integer> limitSlots;
    private final Set<String> scanMethods;
    private final LiveCallGraph graph;
    private final Map<String, ClassPlan> plans = new ConcurrentHashMap<>();
    /** The loader of each class with a plan or in the graph (for retransformation): one weak reference per loader. */
    private final Map<String, WeakReference<ClassLoader>> loaders = new ConcurrentHashMap<>();
    private final Map<ClassLoader, WeakReference<ClassLoader>> loaderRefs = java.util.Collections.synchronizedMap(
            new java.util.WeakHashMap<ClassLoader, WeakReference<ClassLoader>>());
    private final WeakReference<ClassLoader> bootLoader = new WeakReference<>(null);
    private final Requests retransformer;
    /**
     * Before JDK 19 a retransformation drops every {@code MethodParameters} attribute of the class
     * (JDK-8240908), and Spring 6 then fails to bind request parameters: classes that carry them are
     * given counting code as they load or not at all, and keep it on detach.
     */
    static final boolean RETRANSFORMING_KEEPS_PARAMETER_NAMES = Runtime.version().feature() >= 19;
    /** Classes (internal names) that must never be retransformed. */
    private final Set<String> notRetransformable = ConcurrentHashMap.newKeySet();

    /** Where the planner asks for loaded classes to be retransformed, and for a catch-up of the graph. */
    interface Requests {
        void request(String internalName, ClassLoader loader);

        /** Runs {@code catchUp} soon, off the loading threads (at most one pending). */
        void catchUpSoon(Runnable catchUp);
    }

    Planner(AgentConfig config, final ClassSelector selector, Requests retransformer) {
        this(config, new LiveCallGraph.Scope() {
            @Override
            public boolean follows(String internalName) {
                return selector.acceptsInternal(internalName);
            }
        }, retransformer);
    }

    /** @param scope the classes whose calls the live graph follows */
    Planner(AgentConfig config, LiveCallGraph.Scope scope, Requests retransformer) {
        this.select = config.select();
        // Checked every few dozen levels, a parameter cannot stop a recursion at an exact depth: with
        // maxDepth, cycles are counted on every call.
        this.depthParameters = select == AgentConfig.Select.RECURSIVE && config.maxDepth() >= io.stackwatch.core.tracking.Policy.NO_LIMIT;
        this.limitSlots = new HashMap<>();
        for (String name : config.limits().keySet()) {
            // Counting code names its slot as a constant; the tracker's uncounted state has this many.
            if (limitSlots.size() < io.stackwatch.core.tracking.Tracker.MAX_LIMIT_SLOTS) {
                limitSlots.put(name, limitSlots.size());
            }
        }
        this.scanMethods = config.scanFile() == null ? Collections.<String>emptySet() : config.scanFile().methodKeys();
        this.graph = new LiveCallGraph(scope);
        this.retransformer = retransformer;
    }

    /** Counts the JDK's own data-driven recursion (classes the default selection never reads). */
    void countJdk(JdkRecursion jdk, ClassSelector selector) {
        if (select != AgentConfig.Select.RECURSIVE) {
            return;
        }
        for (MethodRef m : jdk.methods()) {
            if (selector.excludes(m.className())) {
                continue; // exclude narrows the JDK's list too
            }
            ClassPlan plan = planOf(m.owner());
            plan.counted.put(m.signature(), new MethodPlan(MethodRegistry.register(m.qualifiedName()), jdk.frameBytes(),
                    slotOf(m.qualifiedName())));
            loaders.putIfAbsent(m.owner(), bootLoader);
        }
    }

    /** Classes (internal names) with counted methods: retransformed when loaded already. */
    Set<String> countedClasses() {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, ClassPlan> e : plans.entrySet()) {
            if (!e.getValue().counted.isEmpty()) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * A class loading: adds it to the graph (with the default selection) and returns its plan. A
     * cycle its loading closes among classes loaded before is counted at one of theirs and those
     * are retransformed.
     *
     * @param canAddMethods whether the class file may still gain methods (false when it is loaded
     *                      already and only retransformation can reach it)
     */
    ClassPlan planLoad(ClassShape shape, ClassLoader loader, boolean canAddMethods) {
        String name = shape.name();
        loaders.put(name, refTo(loader));
        boolean retransformable = RETRANSFORMING_KEEPS_PARAMETER_NAMES || !shape.hasMethodParameters();
        if (!retransformable) {
            notRetransformable.add(name);
        }
        Map<String, DepthPlan> rewritten = Collections.emptyMap();
        List<LiveCallGraph.Counter> counters = Collections.emptyList();
        if (select == AgentConfig.Select.RECURSIVE) {
            Set<String> members = canAddMethods && depthParameters ? ClosedCalls.cycleMembers(shape) : Collections.<String>emptySet();
            if (!members.isEmpty()) {
                rewritten = new LinkedHashMap<>();
                for (MethodShape m : shape.methods()) {
                    String sig = m.ref().signature();
                    if (members.contains(sig) && !limitSlots.containsKey(m.ref().qualifiedName())) {
                        rewritten.put(sig, depthPlan(m));
                    }
                }
            }
            Set<String> countedHere = new HashSet<>();
            for (String sig : rewritten.keySet()) {
                countedHere.add(name + "." + sig);
            }
            counters = graph.add(shape, countedHere, retransformable);
            if (graph.needsCatchUp()) {
                retransformer.catchUpSoon(catchUp);
            }
        }
        ClassPlan plan = plans.get(name);
        if (plan == null || !rewritten.isEmpty()) {
            ClassPlan fresh = new ClassPlan(rewritten);
            if (plan != null) {
                fresh.counted.putAll(plan.counted);
            }
            plan = fresh;
        }
        for (MethodShape m : shape.methods()) {
            if (!m.instrumentable() || plan.rewritten.containsKey(m.ref().signature())) {
                continue;
            }
            Integer slot = limitSlots.get(m.ref().qualifiedName());
            boolean selected = select == AgentConfig.Select.ALL
                    || select == AgentConfig.Select.SCAN && scanMethods.contains(m.key());
            if (slot != null || selected) {
                plan.counted.put(m.ref().signature(), new MethodPlan(MethodRegistry.register(m.ref().qualifiedName()),
                        FrameCost.counted(m), slot == null ? -1 : slot));
            }
        }
        if (!plan.isEmpty()) {
            plans.put(name, plan);
        }
        countAll(counters, plan);
        return plan;
    }

    /** What the graph counted: in the class being loaded ({@code loading}, or null), and in loaded classes. */
    private void countAll(List<LiveCallGraph.Counter> counters, ClassPlan loading) {
        for (LiveCallGraph.Counter c : counters) {
            MethodRef m = c.method();
            MethodPlan counted = new MethodPlan(MethodRegistry.register(m.qualifiedName()), c.roundBytes(),
                    slotOf(m.qualifiedName()));
            if (c.inAddedClass() && loading != null) {
                loading.counted.putIfAbsent(m.signature(), counted);
                plans.putIfAbsent(m.owner(), loading);
            } else if (planOf(m.owner()).counted.putIfAbsent(m.signature(), counted) == null) {
                // A cycle closed among classes loaded before: count it there, by retransformation.
                retransformer.request(m.owner(), loaderOf(m.owner()));
            }
        }
    }

    /** The graph's catch-up: what edges left unchecked while classes loaded closed. */
    private final Runnable catchUp = new Runnable() {
        @Override
        public void run() {
            countAll(graph.catchUp(), null);
        }
    };

    /**
     * Counts methods learned at run time (a real overflow, or the patrol, saw a cycle the bytecode did
     * not show), each charged {@code roundBytes} per call; returns those newly counted. Their classes
     * ({@code loader}'s) are retransformed.
     */
    List<MethodRef> count(Collection<MethodRef> methods, int roundBytes, ClassLoader loader) {
        List<MethodRef> added = new ArrayList<>();
        for (MethodRef m : methods) {
            if (!retransformable(m.owner())) {
                continue;
            }
            ClassPlan plan = planOf(m.owner());
            if (plan.rewritten.containsKey(m.signature()) || plan.counted.containsKey(m.signature())) {
                continue;
            }
            graph.countLearned(m);
            plan.counted.put(m.signature(), new MethodPlan(MethodRegistry.register(m.qualifiedName()), roundBytes,
                    slotOf(m.qualifiedName())));
            added.add(m);
            loaders.putIfAbsent(m.owner(), refTo(loader));
            retransformer.request(m.owner(), loader);
        }
        return added;
    }

    /** Whether some method {@code name} of a class is counted or carries its depth in a parameter. */
    boolean watches(String internalName, String name) {
        ClassPlan plan = plans.get(internalName);
        if (plan == null) {
            return false;
        }
        String prefix = name + "(";
        for (String sig : plan.rewritten.keySet()) {
            if (sig.startsWith(prefix)) {
                return true;
            }
        }
        for (String sig : plan.counted.keySet()) {
            if (sig.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a loaded class may be retransformed (see {@link #RETRANSFORMING_KEEPS_PARAMETER_NAMES}). */
    boolean retransformable(String internalName) {
        return !notRetransformable.contains(internalName);
    }

    /** The counted methods of a class, by {@code name+descriptor} (empty when none). */
    Map<String, MethodPlan> counted(String internalName) {
        ClassPlan plan = plans.get(internalName);
        return plan == null ? Collections.<String, MethodPlan>emptyMap() : plan.counted;
    }

    /** The plan of a class, or null. */
    ClassPlan plan(String internalName) {
        return plans.get(internalName);
    }

    /** A class's plan, created empty when it has none yet. */
    private ClassPlan planOf(String internalName) {
        ClassPlan plan = plans.get(internalName);
        if (plan == null) {
            ClassPlan fresh = new ClassPlan(Collections.<String, DepthPlan>emptyMap());
            plan = plans.putIfAbsent(internalName, fresh);
            if (plan == null) {
                plan = fresh;
            }
        }
        return plan;
    }

    /** Methods with counting code or a depth parameter, over all classes. */
    int plannedMethods() {
        int n = 0;
        for (ClassPlan p : plans.values()) {
            n += p.counted.size() + p.rewritten.size();
        }
        return n;
    }

    /** Classes with methods whose cycles carry their depth in a parameter. */
    int rewrittenClasses() {
        int n = 0;
        for (ClassPlan p : plans.values()) {
            n += p.rewritten.isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** Methods whose cycles carry their depth in a parameter. */
    int rewrittenMethods() {
        int n = 0;
        for (ClassPlan p : plans.values()) {
            n += p.rewritten.size();
        }
        return n;
    }

    LiveCallGraph graph() {
        return graph;
    }

    /** Whether a class is known as a loaded class of the graph, and its loader (null: boot, or unknown). */
    ClassLoader loaderOf(String internalName) {
        WeakReference<ClassLoader> ref = loaders.get(internalName);
        return ref == null ? null : ref.get();
    }

    /** The rewritten methods of a class fall back to counting code (their rewrite failed). */
    void rewriteFailed(String internalName) {
        ClassPlan plan = plans.get(internalName);
        if (plan == null || plan.rewritten.isEmpty()) {
            return;
        }
        ClassPlan fallback = new ClassPlan(Collections.<String, DepthPlan>emptyMap());
        fallback.counted.putAll(plan.counted);
        for (Map.Entry<String, DepthPlan> e : plan.rewritten.entrySet()) {
            fallback.counted.putIfAbsent(e.getKey(), new MethodPlan(e.getValue().methodId, e.getValue().roundBytes, -1));
        }
        plans.put(internalName, fallback);
    }

    private int slotOf(String qualifiedName) {
        Integer slot = limitSlots.get(qualifiedName);
        return slot == null ? -1 : slot;
    }

    private WeakReference<ClassLoader> refTo(ClassLoader loader) {
        if (loader == null) {
            return bootLoader;
        }
        WeakReference<ClassLoader> ref = loaderRefs.get(loader);
        if (ref == null) {
            ref = new WeakReference<>(loader);
            loaderRefs.put(loader, ref);
        }
        return ref;
    }

    /** The plan of one method of a rewritten cycle. */
    private static DepthPlan depthPlan(MethodShape m) {
        // The overload's frame: the method's own, the depth's slot and one more operand slot.
        int roundBytes = FrameCost.interpreted(m) + 2 * FrameCost.SLOT_BYTES;
        int interval = DepthPlan.interval(roundBytes);
        // The entry's frame: the counting's local and the arguments with the depth on its stack.
        int entryBytes = FrameCost.INTERPRETER_FIXED_BYTES
                + FrameCost.SLOT_BYTES * (2 + Math.max(m.argumentSlots() + 1, CountingCode.ownStack()));
        return new DepthPlan(MethodRegistry.register(m.ref().qualifiedName()), roundBytes, interval - 1, entryBytes);
    }
}
