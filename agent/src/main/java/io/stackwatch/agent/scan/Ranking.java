package io.stackwatch.agent.scan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders recursions riskiest first: unguarded before guarded (a guard is what the fixed releases of
 * parsers add); then by attack surface (reached from a public method that takes input and reading
 * that input round by round, before recursion over data input reaches or data methods drive, before
 * recursion nothing that takes input reaches: the one-method helper no input drives comes last), and
 * within that by how sure it is that each round reads input (a reader's or parser's method, before a
 * string's characters read or a string stepped through by one method, before a string handed
 * between overloads);
 * then recursion that carries its input along before recursion that walks down a structure in
 * memory; then by how certain the cycle is (direct calls before virtual calls with few targets,
 * many targets, a dispatch family: class hierarchy analysis over-approximates, and a cycle that
 * needs a call with many targets to close is more often not real); then by how few rounds it takes
 * to overflow the stack (the heavier the round, the shallower the input that does it).
 */
final class Ranking {

    static final Comparator<Recursion> RISKIEST_FIRST = Comparator
            .comparing(Recursion::guarded)
            .thenComparingInt((Recursion r) -> -score(r))
            .thenComparing((Recursion r) -> r.surface == AttackSurface.INPUT && r.descends)
            .thenComparingInt((Recursion r) -> r.tier)
            .thenComparingLong((Recursion r) -> -r.bytesPerRound)
            .thenComparingInt((Recursion r) -> r.cycle[0]);

    private Ranking() {
    }

    /**
     * Riskiest first, one view of each recursion before a second: the riskiest cycle of every
     * component, self-recursive method and dispatch family in order, then the components' other
     * cycles in order (a parser's eight ways round one component of comment handling would otherwise
     * fill the top ten). The cycles of one dispatch family become one finding, the riskiest cycle
     * shown and every implementation that recurses through the family counted.
     */
    static List<Recursion> rank(List<Recursion> recursions) {
        List<Recursion> sorted = new ArrayList<>(recursions);
        sorted.sort(RISKIEST_FIRST);
        List<Recursion> first = new ArrayList<>(sorted.size());
        List<Recursion> rest = new ArrayList<>();
        java.util.Map<String, Recursion> seen = new java.util.HashMap<>();
        for (Recursion r : sorted) {
            Recursion earlier = r.group.isEmpty() ? null : seen.putIfAbsent(r.group, r);
            if (earlier == null) {
                first.add(r);
            } else if (r.group.startsWith("family ")) {
                earlier.fold(r); // one finding per dispatch family, its implementations counted
            } else {
                rest.add(r);
            }
        }
        first.addAll(rest);
        return first;
    }

    /**
     * Input that every round reads (by a reader or parser, then by a string's characters), then data
     * walked down or recursed through its own {@code hashCode}/{@code equals}/{@code toString} (as
     * deep as the data nests: within data, walking a structure is the risk, not the exception), then
     * other recursion input reaches, then recursion it does not.
     */
    static int score(Recursion r) {
        if (r.surface == AttackSurface.INPUT) {
            return 10 + r.evidence;
        }
        boolean structural = r.descends || r.dataFamily;
        if (r.surface == AttackSurface.DATA) {
            return structural ? 8 : 6;
        }
        return structural ? 4 : 2;
    }
}
