package io.stackwatch.agent.instrument;

import io.stackwatch.agent.classfile.Access;
import io.stackwatch.agent.classfile.Call;
import io.stackwatch.agent.classfile.CallKind;
import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.Descriptors;
import io.stackwatch.agent.classfile.MethodShape;
import io.stackwatch.agent.graph.StronglyConnected;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which calls of a class can only reach a method of that same class, whatever classes load later:
 * static calls, calls of private and final methods, calls of any method of a final class, named in
 * the class itself. A cycle of such calls can carry its depth in a parameter: every call of it is
 * rewritten in this one class file, at once, and no override elsewhere can step in.
 */
final class ClosedCalls {

    private ClosedCalls() {
    }

    /** Whether a call instruction ({@code kind owner.name desc}) in {@code cls} is closed. */
    static boolean closed(ClassShape cls, CallKind kind, String owner, String name, String descriptor) {
        if (!owner.equals(cls.name())) {
            return false;
        }
        MethodShape target = cls.method(name, descriptor);
        if (target == null || !target.hasCode() || name.startsWith("<")) {
            return false;
        }
        switch (kind) {
            case STATIC:
                return target.isStatic();
            case SPECIAL:
                return !target.isStatic();
            default:
                return !target.isStatic() && ((target.access() & (Access.PRIVATE | Access.FINAL)) != 0 || cls.isFinal());
        }
    }

    /**
     * The methods of {@code cls} on a cycle of closed calls that can take a depth parameter, by
     * {@code name+descriptor}. A method that cannot (see {@link #canTakeParameter}) is left out; the
     * cycles through it stay watched by counting code.
     */
    static Set<String> cycleMembers(ClassShape cls) {
        if (cls.isInterface() && cls.version() < 53) {
            return Collections.emptySet(); // private interface methods came with class files of Java 9
        }
        List<MethodShape> methods = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        for (MethodShape m : cls.methods()) {
            if (m.hasCode()) {
                index.put(m.ref().signature(), methods.size());
                methods.add(m);
            }
        }
        int n = methods.size();
        int[][] edges = new int[n][];
        boolean[] self = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            List<Integer> targets = new ArrayList<>();
            for (Call c : methods.get(i).calls()) {
                if (c.viaHandle() || !closed(cls, c.kind(), c.target().owner(), c.target().name(), c.target().descriptor())) {
                    continue;
                }
                Integer t = index.get(c.target().signature());
                if (t != null) {
                    targets.add(t);
                    self[i] |= t == i;
                    any = true;
                }
            }
            // A loop, not a stream: this runs on premain's path (main's own class is read here).
            edges[i] = new int[targets.size()];
            for (int k = 0; k < edges[i].length; k++) {
                edges[i][k] = targets.get(k);
            }
        }
        if (!any) {
            return Collections.emptySet();
        }
        int[] component = StronglyConnected.components(edges);
        int[] size = new int[n];
        for (int c : component) {
            size[c]++;
        }
        Set<String> members = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            MethodShape m = methods.get(i);
            if ((self[i] || size[component[i]] > 1) && canTakeParameter(cls, m)) {
                members.add(m.ref().signature());
            }
        }
        return members;
    }

    /**
     * Whether {@code m} can get an overload with one more {@code int} parameter: code that can carry
     * the counting (no constructor, initializer, bridge), no subroutines, no {@code long} or
     * {@code double} spilling out of the last argument slot into the one the parameter takes, no
     * method of that name and descriptor already, and room for one more argument slot.
     */
    static boolean canTakeParameter(ClassShape cls, MethodShape m) {
        return m.instrumentable() && !m.usesSubroutines() && !m.twoSlotsAtLastArgument()
                && cls.method(m.name(), withDepth(m.descriptor())) == null
                && m.argumentSlots() < 255 && Descriptors.argumentSlots(m.descriptor()) < 254;
    }

    /** The overload's descriptor: one {@code int} more at the end. */
    static String withDepth(String descriptor) {
        int close = descriptor.indexOf(')');
        return descriptor.substring(0, close) + "I" + descriptor.substring(close);
    }
}
