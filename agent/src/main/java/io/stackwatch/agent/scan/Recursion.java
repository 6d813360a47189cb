package io.stackwatch.agent.scan;

import java.util.List;

/**
 * One recursion: a strongly connected component of the call graph at one certainty tier, with the
 * cycle through it that the report shows (in call order, from the method the rest of the program
 * enters it by) and the estimates the ranking uses.
 */
final class Recursion {

    /** Every edge of the cycle is a direct or monomorphic call. */
    static final int CERTAIN = 1;
    /** Some edge is a virtual call with 2 to 4 possible targets. */
    static final int FEW_TARGETS = 2;
    /** Some edge is a virtual call with more possible targets, up to {@code --max-targets}. */
    static final int MANY_TARGETS = 3;
    /** Some edge is a megamorphic call, into a dispatch family. */
    static final int FAMILY = 4;

    final int tier;
    /** Node ids of the cycle, in call order; the last calls the first. */
    final int[] cycle;
    /** Node ids of every method of the component, the cycle's included. */
    int[] members;
    /** Distinct methods outside the component that call into it. */
    final int externalCallers;

    /** Largest fan-out of a call along the cycle. */
    int maxFanout;
    long bytesPerRound;
    long compiledBytesPerRound;
    Guard guard;
    /** Whether the cycle walks down a structure in memory rather than carrying its input along. */
    boolean descends;
    int rank;
    /**
     * What the recursion is one view of, for the ranking's first pass: a component (its whole and its
     * short cycles), a self-recursive method, or a dispatch family.
     */
    String group = "";
    /** For a cycle reported from inside a larger component: that component's size; 0 for a whole component. */
    int partOf;
    /**
     * For a cycle through a dispatch family: every implementation of the family that recurses
     * through it (the cycle's own first), each with its cycle ({@link #cycles()}); null when it is the only one.
     */
    int[] implementations;
    private List<int[]> implementationCycles;

    /** The family node of the cycle, or -1. */
    int family(CallGraph g) {
        for (int v : cycle) {
            if (g.isFamily(v)) {
                return v;
            }
        }
        return -1;
    }

    /** Every cycle this recursion stands for: its cycle, and one per further implementation of its family. */
    List<int[]> cycles() {
        if (implementationCycles != null) {
            return implementationCycles;
        }
        return java.util.Collections.singletonList(cycle);
    }

    /** Adds the cycles of another recursion through the same family: more implementations recurse through it. */
    void fold(Recursion other) {
        if (implementationCycles == null) {
            implementationCycles = new java.util.ArrayList<>(cycles());
            implementations = new int[]{cycle[0]};
        }
        List<int[]> more = other.cycles();
        implementationCycles.addAll(more);
        int[] impls = java.util.Arrays.copyOf(implementations, implementations.length + more.size());
        for (int i = 0; i < more.size(); i++) {
            impls[implementations.length + i] = more.get(i)[0];
        }
        implementations = impls;
        java.util.LinkedHashSet<Integer> all = new java.util.LinkedHashSet<>();
        for (int v : members) {
            all.add(v);
        }
        for (int v : other.members) {
            all.add(v);
        }
        members = all.stream().mapToInt(Integer::intValue).toArray();
    }

    /** {@link AttackSurface#INPUT}, {@link AttackSurface#DATA} or {@link AttackSurface#NONE}. */
    int surface = AttackSurface.NONE;
    /** The nearest public method taking input that reaches the recursion, or -1; and how many calls away. */
    int entryPoint = -1;
    int entryDistance;
    /** When the entry point takes no input itself: what input its object was made from. */
    String entryHolds;
    /** One line for people on why it ranks where it does ({@link AttackSurface}). */
    String why;
    /** How strong {@link #readsInput} is ({@link AttackSurface#STRONG}, MEDIUM, WEAK; 0 when null). */
    int evidence;
    /** Whether the cycle goes through a dispatch family of hashCode, equals, toString, compareTo, accept or visit. */
    boolean dataFamily;
    /** What in the cycle reads input, or null. */
    String readsInput;


    Recursion(int tier, int[] cycle, int[] members, int externalCallers) {
        this.tier = tier;
        this.cycle = cycle;
        this.members = members;
        this.externalCallers = externalCallers;
    }

    boolean guarded() {
        return guard != null;
    }

    static String tierName(int tier) {
        switch (tier) {
            case CERTAIN: return "direct calls";
            case FEW_TARGETS: return "virtual calls with few targets";
            case MANY_TARGETS: return "virtual calls with many targets";
            default: return "a megamorphic call";
        }
    }

    /** Why the heuristic believes the cycle is bounded. */
    static final class Guard {
        final String kind;
        final String evidence;

        Guard(String kind, String evidence) {
            this.kind = kind;
            this.evidence = evidence;
        }
    }
}
