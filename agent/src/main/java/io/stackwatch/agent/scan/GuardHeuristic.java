package io.stackwatch.agent.scan;

import io.stackwatch.agent.classfile.ClassShape;
import io.stackwatch.agent.classfile.MethodShape;


import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds, from bytecode, the calls of a recursion that pass a depth guard: a heuristic, not a proof.
 * A recursion is guarded when every cycle through it takes at least one such call; what remains of
 * it without them is an unguarded cycle.
 *
 * <ul>
 *   <li><b>Depth parameter</b>: the call passes on an integral parameter stepped by a constant
 *   ({@code depth + 1}, {@code remaining - 1}, or after {@code iinc}), and some method of the
 *   recursion compares an integral parameter with a limit in a branch ({@code if (depth > MAX)},
 *   {@code if (depth == config.maxDepth())}). A parameter only compared with zero
 *   ({@code if (remaining == 0)}) counts down from where the recursion is entered: it is a guard
 *   only when some caller enters it with a constant or a field ({@code walk(root, 64)}), not with
 *   a number of its own ({@code isEven(n)} is as deep as {@code n}).</li>
 *   <li><b>Depth counter</b>: before the call, the caller steps an integral field one way (directly,
 *   or in a method it calls directly, such as {@code increaseNestingDepth()}) and somewhere steps it
 *   back, and the field is compared with a limit (a non-zero constant or another field, but not its
 *   own high-water mark: {@code if (depth > deepest) deepest = depth}) in the recursion or a method
 *   it calls directly. A read position moved forwards and back
 *   ({@code next()}/{@code back()}) is compared with a length that comes from a call, or with
 *   zero, and so does not count.</li>
 *   <li><b>Round counter</b>: a field only ever incremented, before the call, and compared with a
 *   fixed limit (a non-zero constant or a static field): it bounds the rounds in total
 *   ({@code if (++recursionDepth > RECURSION_DEPTH_LIMIT) throw}). A read position is compared
 *   with a length, an instance field, and so does not count.</li>
 * </ul>
 * The per-method facts come from {@link DepthTracker}.
 */
final class GuardHeuristic {

    private final CallGraph graph;

    GuardHeuristic(CallGraph graph) {
        this.graph = graph;
    }

    /** The guard calls of one component. */
    final class Guards {
        /** Edges (u &lt;&lt; 32 | v) every call of which passes a guard. */
        private final Set<Long> edges = new HashSet<>();
        private final Map<Long, Recursion.Guard> evidence = new HashMap<>();

        boolean guarded(int u, int v) {
            return edges.contains(key(u, v));
        }

        Recursion.Guard evidence(int u, int v) {
            return evidence.get(key(u, v));
        }

        boolean isEmpty() {
            return edges.isEmpty();
        }
    }

    private static long key(int u, int v) {
        return (long) u << 32 | v & 0xFFFFFFFFL;
    }

    /** The guard edges among the members of a component ({@code inComponent[v]} says who is a member). */
    Guards guards(int[] members, boolean[] inComponent) {
        Guards g = new Guards();
        String comparedParameter = null;
        String zeroComparedParameter = null;
        Set<String> limited = new HashSet<>();
        Set<String> fixedLimit = new HashSet<>();
        Set<String> decremented = new HashSet<>();
        Set<String> watermarks = new HashSet<>();
        List<String[]> fieldCompares = new ArrayList<>();
        for (int v : members) {
            MethodShape m = graph.nodes[v];
            DepthFacts f = graph.facts[v];
            if (f != null && comparedParameter == null && f.limitComparedParameters != 0) {
                comparedParameter = parameterName(m, Long.numberOfTrailingZeros(f.limitComparedParameters)) + " of "
                        + MethodNames.shortName(m);
            }
            if (f != null && zeroComparedParameter == null && f.comparedParameters != 0) {
                zeroComparedParameter = parameterName(m, Long.numberOfTrailingZeros(f.comparedParameters)) + " of "
                        + MethodNames.shortName(m) + " (counted down from a constant the recursion is entered with)";
            }
            fieldFacts(f, fixedLimit, decremented, watermarks, fieldCompares);
            for (int callee : graph.edges[v]) {
                if (!inComponent[callee]) {
                    fieldFacts(graph.facts[callee], fixedLimit, decremented, watermarks, fieldCompares);
                }
            }
        }
        limited.addAll(fixedLimit);
        for (String[] c : fieldCompares) {
            if (!watermarks.contains(c[0] + ">" + c[1])) {
                limited.add(c[0]); // compared with a field that is not merely its high-water mark
            }
        }
        limited.removeIf(this::assignedSomewhere);
        if (comparedParameter == null && zeroComparedParameter != null && enteredWithConstant(members, inComponent)) {
            comparedParameter = zeroComparedParameter;
        }
        if (comparedParameter == null && limited.isEmpty()) {
            return g;
        }
        for (int u : members) {
            MethodShape m = graph.nodes[u];
            Map<Integer, Recursion.Guard> guardedTargets = new HashMap<>();
            Set<Integer> unguardedTargets = new HashSet<>();
            Map<String, FieldSteps> steps = new HashMap<>();
            for (int k = 0; k < m.calls().size(); k++) {
                int[] targets = graph.targetsOf(u, k);
                if (targets == null) {
                    continue;
                }
                Recursion.Guard site = null;
                boolean computed = false;
                for (int v : targets) {
                    if (!inComponent[v]) {
                        continue;
                    }
                    if (!computed) {
                        site = siteGuard(u, k, comparedParameter, limited, fixedLimit, decremented, steps);
                        computed = true;
                    }
                    if (site == null) {
                        unguardedTargets.add(v);
                    } else {
                        guardedTargets.putIfAbsent(v, site);
                    }
                }
            }
            for (Map.Entry<Integer, Recursion.Guard> e : guardedTargets.entrySet()) {
                if (!unguardedTargets.contains(e.getKey())) {
                    g.edges.add(key(u, e.getKey()));
                    g.evidence.put(key(u, e.getKey()), e.getValue());
                }
            }
        }
        return g;
    }

    /**
     * Whether the field (as an instruction names it: the class it is read through, and its name) is
     * set anywhere in the input to a value computed elsewhere, through that class or a superclass or
     * subclass of it: a read position or a size ({@code mInputPtr = ptr}), never a depth counter.
     */
    private boolean assignedSomewhere(String field) {
        Boolean known = assignedVerdicts.get(field);
        if (known != null) {
            return known;
        }
        int dot = field.lastIndexOf('.');
        String owner = field.substring(0, dot);
        boolean found = false;
        for (String other : assignedFields().getOrDefault(field.substring(dot + 1), java.util.Collections.emptyList())) {
            if (other.equals(owner) || isSuperclass(other, owner) || isSuperclass(owner, other)) {
                found = true;
                break;
            }
        }
        assignedVerdicts.put(field, found);
        return found;
    }

    private final Map<String, Boolean> assignedVerdicts = new HashMap<>();

    private boolean isSuperclass(String candidate, String of) {
        for (String c = graph.superclasses.get(of); c != null; c = graph.superclasses.get(c)) {
            if (c.equals(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Field name to the classes it is set through with a value computed elsewhere. */
    private Map<String, List<String>> assigned;

    /** Fields set anywhere in the input to a value computed elsewhere, as instructions name them, by field name. */
    private Map<String, List<String>> assignedFields() {
        if (assigned == null) {
            assigned = new HashMap<>();
            for (DepthFacts f : graph.facts) {
                for (int e = 0; f != null && e < f.events(); e++) {
                    if (f.eventKinds[e] == DepthFacts.ASSIGNED) {
                        String key = f.eventFields[e];
                        int dot = key.lastIndexOf('.');
                        List<String> owners = assigned.computeIfAbsent(key.substring(dot + 1), k -> new ArrayList<>(2));
                        if (!owners.contains(key.substring(0, dot))) {
                            owners.add(key.substring(0, dot));
                        }
                    }
                }
            }
        }
        return assigned;
    }

    /**
     * Collects a method's field facts: fields compared with a fixed limit, decremented fields,
     * high-water marks ({@code field>mark} when {@code mark = field} is stored), and comparisons of a
     * field with another instance field ({field, other}).
     */
    private static void fieldFacts(DepthFacts f, Set<String> fixedLimit, Set<String> decremented, Set<String> watermarks,
                                   List<String[]> fieldCompares) {
        if (f == null) {
            return;
        }
        for (int e = 0; e < f.events(); e++) {
            byte kind = f.eventKinds[e];
            if (kind == DepthFacts.COMPARE_WITH_LIMIT) {
                fixedLimit.add(f.eventFields[e]);
            } else if (kind == DepthFacts.COMPARE_WITH_FIELD) {
                fieldCompares.add(new String[]{f.eventFields[e], f.eventOthers[e]});
            } else if (kind == DepthFacts.COPY) {
                watermarks.add(f.eventFields[e] + ">" + f.eventOthers[e]);
            } else if (kind == DepthFacts.DECREMENT) {
                decremented.add(f.eventFields[e]);
            }
        }
    }

    /** Whether some method outside the component calls into it passing a constant or a field as a number. */
    private boolean enteredWithConstant(int[] members, boolean[] inComponent) {
        for (int v : members) {
            for (int caller : graph.callers[v]) {
                if (inComponent[caller]) {
                    continue;
                }
                DepthFacts f = graph.facts[caller];
                if (f == null) {
                    continue;
                }
                for (int call : f.constantArgumentCalls) {
                    int[] t = graph.targetsOf(caller, call);
                    if (t != null) {
                        for (int x : t) {
                            if (x == v) {
                                return true;
                            }
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Why call {@code k} of {@code u} passes a guard, or null. */
    private Recursion.Guard siteGuard(int u, int k, String comparedParameter, Set<String> limited, Set<String> fixedLimit,
                                      Set<String> decremented, Map<String, FieldSteps> steps) {
        MethodShape m = graph.nodes[u];
        DepthFacts f = graph.facts[u];
        if (comparedParameter != null && f != null && f.carries(k)) {
            return new Recursion.Guard("depth parameter", MethodNames.shortName(m)
                    + " passes a depth parameter on stepped, and parameter " + comparedParameter + " is compared");
        }
        for (String field : limited) {
            FieldSteps s = steps.get(field);
            if (s == null) {
                s = new FieldSteps(u, field);
                steps.put(field, s);
            }
            int before = s.firstBefore[k];
            if (before != 0 && (before > 0 ? s.down : s.up)) {
                return new Recursion.Guard("depth counter", "field " + MethodNames.fieldName(field) + " is "
                        + (before > 0 ? "incremented" : "decremented") + " before " + MethodNames.shortName(m)
                        + " recurses and " + (before > 0 ? "decremented" : "incremented") + " again, and compared with a limit");
            }
            if (before > 0 && fixedLimit.contains(field) && !decremented.contains(field)) {
                return new Recursion.Guard("round counter", "field " + MethodNames.fieldName(field)
                        + " is incremented before " + MethodNames.shortName(m)
                        + " recurses and compared with a fixed limit (never decremented: it bounds the rounds in total)");
            }
        }
        return null;
    }

    private static String parameterName(MethodShape m, int slot) {
        String name = m.parameterName(slot);
        if (name != null) {
            return "'" + name + "'";
        }
        return "in slot " + slot;
    }

    /**
     * How one method steps one field, in one pass over its code: for each call, the way ({@code +1}
     * up, {@code -1} down, 0 not at all) it first steps the field before that call, directly or in a
     * method an earlier call reaches (the first: in a loop, the step back of the branch that ends a
     * level often comes before the recursive call in code order); and whether it steps it up or down
     * anywhere.
     */
    private final class FieldSteps {
        final int[] firstBefore;
        boolean up;
        boolean down;

        FieldSteps(int u, String field) {
            MethodShape m = graph.nodes[u];
            DepthFacts f = graph.facts[u];
            int calls = m.calls().size();
            firstBefore = new int[calls + 1];
            int first = 0;
            int evt = 0;
            for (int pos = 0; pos <= calls; pos++) {
                while (f != null && evt < f.events() && f.eventPositions[evt] <= pos) {
                    if (field.equals(f.eventFields[evt])) {
                        first = note(first, step(f.eventKinds[evt]));
                    }
                    evt++;
                }
                firstBefore[pos] = first;
                if (pos < calls) {
                    first = note(first, calleeStep(u, pos, field));
                }
            }
        }

        private int note(int first, int d) {
            up |= d > 0;
            down |= d < 0;
            return first != 0 ? first : d;
        }
    }

    /** How the one method a call reaches steps the field (0 when it does not, both ways, or the call has several targets). */
    private int calleeStep(int u, int call, String field) {
        int[] targets = graph.targetsOf(u, call);
        if (targets == null || targets.length != 1) {
            return 0;
        }
        DepthFacts f = graph.facts[targets[0]];
        if (f == null) {
            return 0;
        }
        int d = 0;
        for (int k = 0; k < f.events(); k++) {
            if (field.equals(f.eventFields[k]) && step(f.eventKinds[k]) != 0) {
                if (d != 0 && d != step(f.eventKinds[k])) {
                    return 0;
                }
                d = step(f.eventKinds[k]);
            }
        }
        return d;
    }

    private static int step(byte kind) {
        return kind == DepthFacts.INCREMENT ? 1 : kind == DepthFacts.DECREMENT ? -1 : 0;
    }
}
