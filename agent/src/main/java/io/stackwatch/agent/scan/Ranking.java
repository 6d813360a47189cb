package io.stackwatch.agent.scan;

import java.util.Comparator;

/**
 * Orders recursions riskiest first: unguarded before guarded (a guard is what the fixed releases of
 * parsers add), then by how certain the cycle is (direct calls before virtual calls with few
 * targets before those with many: class hierarchy analysis over-approximates, and a cycle that
 * needs a call with many targets to close is more often not real), then by how few rounds it takes
 * to overflow the stack (the heavier the round, the shallower the input that does it).
 */
final class Ranking {

    static final Comparator<Recursion> RISKIEST_FIRST = Comparator
            .comparing(Recursion::guarded)
            .thenComparingInt((Recursion r) -> r.tier)
            .thenComparing((Recursion r) -> r.descends)
            .thenComparingLong((Recursion r) -> -r.bytesPerRound)
            .thenComparingInt((Recursion r) -> r.cycle[0]);

    private Ranking() {
    }
}
