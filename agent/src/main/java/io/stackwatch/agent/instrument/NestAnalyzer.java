package io.stackwatch.agent.instrument;

import io.stackwatch.agent.bytecode.ClassShape;
import io.stackwatch.agent.bytecode.StronglyConnected;

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

    private final Map<ClassLoader, Map<String, Set<String>>> byLoader = new WeakHashMap<>();
    private final Map<String, Set<String>> bootLoader = new HashMap<>();

    /**
     * The keys ({@code owner.name+descriptor}) of recursive methods in the nest of {@code shape}.
     * Sibling classes are read as resources of {@code loader}; {@code shape} itself is the class
     * file being loaded.
     */
    Set<String> recursiveMethods(ClassShape shape, ClassLoader loader) {
        String host = shape.nestHost != null ? shape.nestHost : outermost(shape.name);
        synchronized (this) {
            Set<String> cached = cache(loader).get(host);
            if (cached != null) {
                return cached;
            }
        }
        Set<String> result = analyse(shape, host, loader);
        synchronized (this) {
            Map<String, Set<String>> cache = cache(loader);
            if (cache.size() >= MAX_CACHED_NESTS) {
                cache.clear();
            }
            cache.put(host, result);
        }
        return result;
    }

    private Map<String, Set<String>> cache(ClassLoader loader) {
        if (loader == null) {
            return bootLoader;
        }
        Map<String, Set<String>> m = byLoader.get(loader);
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

    private Set<String> analyse(ClassShape shape, String host, ClassLoader loader) {
        Map<String, ClassShape> nest = new LinkedHashMap<>();
        nest.put(shape.name, shape);
        ClassShape hostShape = host.equals(shape.name) ? shape : read(host, loader);
        if (hostShape != null) {
            nest.put(host, hostShape);
            List<String> members = !hostShape.nestMembers.isEmpty() ? hostShape.nestMembers : hostShape.innerClasses;
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

    /** Methods in a strongly connected component with a cycle (size &gt; 1, or a self call). */
    static Set<String> cycles(Map<String, ClassShape> nest) {
        List<ClassShape.MethodShape> nodes = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        Map<String, List<Integer>> bySignature = new HashMap<>();
        for (ClassShape c : nest.values()) {
            for (ClassShape.MethodShape m : c.methods()) {
                index.put(m.key(), nodes.size());
                List<Integer> same = bySignature.get(m.name + m.descriptor);
                if (same == null) {
                    same = new ArrayList<>();
                    bySignature.put(m.name + m.descriptor, same);
                }
                same.add(nodes.size());
                nodes.add(m);
            }
        }
        Map<String, Set<String>> supertypes = supertypesWithinNest(nest);
        int[][] edges = new int[nodes.size()][];
        boolean[] selfCall = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> targets = new HashSet<>();
            for (String[] call : nodes.get(i).calls) {
                if (!nest.containsKey(call[0])) {
                    continue;
                }
                List<Integer> sameSignature = bySignature.getOrDefault(call[1] + call[2], Collections.emptyList());
                boolean virtual = ClassShape.VIRTUAL.equals(call[3]);
                for (int t : sameSignature) {
                    String targetOwner = nodes.get(t).owner;
                    // Exact calls (static, super, private) reach the named method, or the one it
                    // inherits; virtual calls also reach every nest subclass overriding it.
                    if (targetOwner.equals(call[0]) || supertypes.get(call[0]).contains(targetOwner)
                            && !declares(nest.get(call[0]), call[1], call[2])
                            || virtual && supertypes.get(targetOwner).contains(call[0])) {
                        targets.add(t);
                    }
                }
            }
            selfCall[i] = targets.contains(i);
            int[] out = new int[targets.size()];
            int k = 0;
            for (int t : targets) {
                out[k++] = t;
            }
            edges[i] = out;
        }
        int[] component = StronglyConnected.components(edges);
        int[] sizes = new int[nodes.size()];
        for (int c : component) {
            sizes[c]++;
        }
        Set<String> recursive = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (sizes[component[i]] > 1 || selfCall[i]) {
                recursive.add(nodes.get(i).key());
            }
        }
        return recursive;
    }

    private static boolean declares(ClassShape c, String name, String descriptor) {
        for (ClassShape.MethodShape m : c.methods()) {
            if (m.name.equals(name) && m.descriptor.equals(descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** For each nest class, its supertypes that are also in the nest (transitively). */
    private static Map<String, Set<String>> supertypesWithinNest(Map<String, ClassShape> nest) {
        Map<String, Set<String>> out = new HashMap<>();
        for (ClassShape c : nest.values()) {
            Set<String> seen = new HashSet<>();
            Deque<String> todo = new ArrayDeque<>();
            todo.push(c.name);
            while (!todo.isEmpty()) {
                ClassShape s = nest.get(todo.pop());
                if (s == null) {
                    continue;
                }
                List<String> parents = new ArrayList<>(Arrays.asList(s.interfaces));
                if (s.superName != null) {
                    parents.add(s.superName);
                }
                for (String p : parents) {
                    if (nest.containsKey(p) && seen.add(p)) {
                        todo.push(p);
                    }
                }
            }
            out.put(c.name, seen);
        }
        return out;
    }
}
