package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.Call;
import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.FrameCost;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.graph.CycleCover;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Finds the methods that take part in a call cycle visible in one nest's bytecode: a top-level
 * class with its nested classes, lambdas and local classes. Calls are resolved within the nest over
 * its own hierarchy (a call to {@code Node.accept} reaches every nest class overriding it); cycles
 * are the strongly connected components of that call graph.
 *
 * <p>Runs on whatever thread loads the class, at whatever depth, so it uses no recursion itself.
 * Results are cached per class loader and nest host, so each nest is analysed once.
 */
final class NestAnalyzer {

    /** Nests larger than this are analysed on the loaded class alone. */
    static final int MAX_NEST = 512;
    private static final int MAX_CACHED_NESTS = 4096;

    private final Map<ClassLoader, Map<String, Map<String, Integer>>> byLoader = new WeakHashMap<>();
    private final Map<String, Map<String, Integer>> bootLoader = new HashMap<>();

    /**
     * The keys ({@code owner.name()+descriptor}) of recursive methods in the nest of {@code shape}, each
     * with its round's bytes when it is one to count and 0 when not (see {@link #cycles}).
     * Sibling classes are read as resources of {@code loader}; {@code shape} itself is the class
     * file being loaded.
     */
    Map<String, Integer> recursiveMethods(ClassShape shape, ClassLoader loader) {
        String host = shape.nestHost() != null ? shape.nestHost() : outermost(shape.name());
        synchronized (this) {
            Map<String, Integer> cached = cache(loader).get(host);
            if (cached != null) {
                return cached;
            }
        }
        Map<String, Integer> result = analyse(shape, host, loader);
        synchronized (this) {
            Map<String, Map<String, Integer>> cache = cache(loader);
            if (cache.size() >= MAX_CACHED_NESTS) {
                cache.clear();
            }
            cache.put(host, result);
        }
        return result;
    }

    private Map<String, Map<String, Integer>> cache(ClassLoader loader) {
        if (loader == null) {
            return bootLoader;
        }
        Map<String, Map<String, Integer>> m = byLoader.get(loader);
        if (m == null) {
            m = new HashMap<>();
            byLoader.put(loader, m);
        }
        return m;
    }

    private static String outermost(String name) {
        int dollar = name.indexOf('$');
        return dollar > 0 ? name.substring(0, dollar) : name;
    }

    private Map<String, Integer> analyse(ClassShape shape, String host, ClassLoader loader) {
        Map<String, ClassShape> nest = new LinkedHashMap<>();
        nest.put(shape.name(), shape);
        ClassShape hostShape = host.equals(shape.name()) ? shape : read(host, loader);
        if (hostShape != null) {
            nest.put(host, hostShape);
            List<String> members = !hostShape.nestMembers().isEmpty() ? hostShape.nestMembers() : hostShape.innerClasses();
            for (String member : members) {
                if (nest.size() >= MAX_NEST) {
                    break;
                }
                if (!nest.containsKey(member) && member.startsWith(host + "$")) {
                    ClassShape m = read(member, loader);
                    if (m != null) {
                        nest.put(member, m);
                    }
                }
            }
        }
        return cycles(nest);
    }

    private static ClassShape read(String internalName, ClassLoader loader) {
        String resource = internalName + ".class";
        try (InputStream in = loader == null ? ClassLoader.getSystemResourceAsStream(resource)
                : loader.getResourceAsStream(resource)) {
            return in == null ? null : ClassShape.read(in.readAllBytes());
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /**
     * The methods in a strongly connected component with a cycle (size &gt; 1, or a self call), each
     * with the estimated bytes of one round of its cycle when it is one of the methods to count
     * ({@link CycleCover}: every cycle holds one), or 0 when it is not.
     */
    static Map<String, Integer> cycles(Map<String, ClassShape> nest) {
        NestGraph g = new NestGraph(nest);
        int n = g.nodes.size();
        int[] frameBytes = new int[n];
        int[] plainBytes = new int[n];
        boolean[] countable = new boolean[n];
        for (int i = 0; i < n; i++) {
            MethodShape m = g.nodes.get(i);
            countable[i] = m.instrumentable();
            frameBytes[i] = FrameCost.counted(m);
            plainBytes[i] = FrameCost.interpreted(m);
        }
        CycleCover.Cover cover = CycleCover.choose(g.edges, g.loopEdge, g.selfCall, countable, frameBytes, plainBytes);
        Map<String, Integer> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (cover.onCycle[i]) {
                members.put(g.nodes.get(i).key(), cover.roundBytes[i]);
            }
        }
        return members;
    }

    /** The call graph of a nest (or of a jar's selected classes), calls resolved over its own hierarchy. */
    private static final class NestGraph {
        final List<MethodShape> nodes = new ArrayList<>();
        final int[][] edges;
        /** Parallel to {@link #edges}: the caller makes that call inside a loop. */
        final boolean[][] loopEdge;
        final boolean[] selfCall;

        NestGraph(Map<String, ClassShape> nest) {
            Map<String, List<Integer>> bySignature = new HashMap<>();
            for (ClassShape c : nest.values()) {
                for (MethodShape m : c.methods()) {
                    List<Integer> same = bySignature.get(m.ref().signature());
                    if (same == null) {
                        same = new ArrayList<>();
                        bySignature.put(m.ref().signature(), same);
                    }
                    same.add(nodes.size());
                    nodes.add(m);
                }
            }
            Map<String, Set<String>> supertypes = supertypesWithinNest(nest);
            edges = new int[nodes.size()][];
            loopEdge = new boolean[nodes.size()][];
            selfCall = new boolean[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                // Target to whether any call reaching it is made inside a loop.
                Map<Integer, Boolean> targets = new LinkedHashMap<>();
                List<Integer> site = new ArrayList<>();
                MethodShape caller = nodes.get(i);
                for (int ci = 0; ci < caller.calls().size(); ci++) {
                    Call call = caller.calls().get(ci);
                    String owner = call.target().owner();
                    if (!nest.containsKey(owner)) {
                        continue;
                    }
                    List<Integer> sameSignature = bySignature.getOrDefault(call.target().signature(), Collections.emptyList());
                    boolean virtual = call.dispatched();
                    site.clear();
                    for (int t : sameSignature) {
                        String targetOwner = nodes.get(t).owner();
                        // Exact calls (static, super, private) reach the named method, or the one it
                        // inherits; virtual calls also reach every nest subclass overriding it.
                        if (targetOwner.equals(owner) || supertypes.get(owner).contains(targetOwner)
                                && nest.get(owner).method(call.target().name(), call.target().descriptor()) == null
                                || virtual && supertypes.get(targetOwner).contains(owner)) {
                            site.add(t);
                        }
                    }
                    boolean inLoop = call.inLoop();
                    for (int t : site) {
                        Boolean before = targets.get(t);
                        targets.put(t, inLoop || before != null && before);
                    }
                }
                selfCall[i] = targets.containsKey(i);
                int[] out = new int[targets.size()];
                boolean[] loops = new boolean[targets.size()];
                int k = 0;
                for (Map.Entry<Integer, Boolean> e : targets.entrySet()) {
                    out[k] = e.getKey();
                    loops[k++] = e.getValue();
                }
                edges[i] = out;
                loopEdge[i] = loops;
            }
        }
    }

    /** For each nest class, its supertypes that are also in the nest (transitively). */
    private static Map<String, Set<String>> supertypesWithinNest(Map<String, ClassShape> nest) {
        Map<String, Set<String>> out = new HashMap<>();
        for (ClassShape c : nest.values()) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.push(c.name());
            while (!todo.isEmpty()) {
                ClassShape s = nest.get(todo.pop());
                if (s == null) {
                    continue;
                }
                List<String> parents = new ArrayList<>(s.interfaces());
                if (s.superName() != null) {
                    parents.add(s.superName());
                }
                for (String p : parents) {
                    if (nest.containsKey(p) && seen.add(p)) {
                        todo.push(p);
                    }
                }
            }
            out.put(c.name(), seen);
        }
        return out;
    }
}
