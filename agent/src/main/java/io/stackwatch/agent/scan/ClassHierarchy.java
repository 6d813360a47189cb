package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.Access;
import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The type hierarchy of the whole input and method lookup over it: which method a call to
 * {@code owner.name(desc)} reaches. Types outside the input (the JDK, missing libraries) are known
 * only by name, as supertypes of input classes.
 */
final class ClassHierarchy {

    /** A declared method without a body (abstract, native): it stops the upward lookup but is no target. */
    static final int NO_CODE = -1;

    private final Map<String, ClassShape> classes;
    private final Map<String, Map<String, Integer>> declared;
    private final Map<String, List<String>> subtypes = new HashMap<>();

    /** @param declared per class, {@code name+descriptor} of each declared method to its node id or {@link #NO_CODE} */
    ClassHierarchy(Map<String, ClassShape> classes, Map<String, Map<String, Integer>> declared) {
        this.classes = classes;
        this.declared = declared;
        for (ClassShape c : classes.values()) {
            if (c.superName() != null) {
                subtypes.computeIfAbsent(c.superName(), k -> new ArrayList<>(2)).add(c.name());
            }
            for (String i : c.interfaces()) {
                subtypes.computeIfAbsent(i, k -> new ArrayList<>(2)).add(c.name());
            }
        }
    }

    /** Whether the class was read (is part of the input). */
    boolean inInput(String internalName) {
        return classes.containsKey(internalName);
    }

    /**
     * The method an exact call ({@code invokestatic}, {@code invokespecial}) or a call on an object of
     * exactly {@code owner} reaches: declared in {@code owner}, else inherited from its superclasses,
     * else a default method of its interfaces. {@link #NO_CODE} when none of these is in the input.
     */
    int resolve(String owner, String signature) {
        String c = owner;
        while (c != null) {
            Map<String, Integer> methods = declared.get(c);
            if (methods == null) {
                break; // outside the input
            }
            Integer id = methods.get(signature);
            if (id != null) {
                return id;
            }
            c = classes.get(c).superName();
        }
        return defaultMethod(owner, signature);
    }

    private int defaultMethod(String owner, String signature) {
        ClassShape first = classes.get(owner);
        if (first == null || first.interfaces().isEmpty() && first.superName() == null) {
            return NO_CODE;
        }
        ArrayDeque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (String c = owner; c != null && classes.containsKey(c); c = classes.get(c).superName()) {
            todo.addAll(classes.get(c).interfaces());
        }
        while (!todo.isEmpty()) {
            String i = todo.poll();
            ClassShape shape = classes.get(i);
            if (shape == null || !seen.add(i)) {
                continue;
            }
            Integer id = declared.get(i).get(signature);
            if (id != null && id >= 0) {
                return id;
            }
            todo.addAll(shape.interfaces());
        }
        return NO_CODE;
    }

    /**
     * Every method a virtual or interface call can reach, by class hierarchy analysis: the method
     * {@code owner} resolves to and the one every subtype resolves to. Null when there are more than
     * {@code max} (a megamorphic call, not followed).
     */
    int[] dispatch(String owner, String signature, int max) {
        IntSet targets = new IntSet();
        targets.add(resolve(owner, signature));
        List<String> direct = subtypes.get(owner);
        if (direct != null) {
            ArrayDeque<String> todo = new ArrayDeque<>(direct);
            Set<String> seen = new HashSet<>();
            while (!todo.isEmpty()) {
                String s = todo.poll();
                if (!seen.add(s)) {
                    continue;
                }
                ClassShape shape = classes.get(s);
                if ((shape.access() & (Access.ABSTRACT | Access.INTERFACE)) == 0) {
                    targets.add(resolve(s, signature));
                    if (targets.size() > max) {
                        return null;
                    }
                }
                List<String> below = subtypes.get(s);
                if (below != null) {
                    todo.addAll(below);
                }
            }
        }
        return targets.toArray();
    }

    /** A small set of node ids, in insertion order, ignoring {@link #NO_CODE}. */
    private static final class IntSet {
        private int[] values = new int[4];
        private int size;

        void add(int v) {
            if (v < 0) {
                return;
            }
            for (int i = 0; i < size; i++) {
                if (values[i] == v) {
                    return;
                }
            }
            if (size == values.length) {
                int[] grown = new int[size * 2];
                System.arraycopy(values, 0, grown, 0, size);
                values = grown;
            }
            values[size++] = v;
        }

        int size() {
            return size;
        }

        int[] toArray() {
            int[] out = new int[size];
            System.arraycopy(values, 0, out, 0, size);
            return out;
        }
    }
}
