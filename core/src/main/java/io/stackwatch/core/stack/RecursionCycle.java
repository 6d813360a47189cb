package io.stackwatch.core.stack;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The repeating part of a deep stack and where it started: what a 1024-frame
 * {@link StackOverflowError} trace loses. Found by looking for the shortest period with which the
 * innermost frames repeat; the outermost frame of the repeating run is the first entry into the
 * cycle, and everything below it is the origin.
 */
public final class RecursionCycle {

    /** Cycles longer than this many methods are not looked for. */
    static final int MAX_PERIOD = 64;
    /** Innermost frames that may sit above the cycle (a leaf called from it, the check itself). */
    static final int MAX_SKIP = 8;

    private static final RecursionCycle NONE = new RecursionCycle(Collections.emptyList(), 0, Collections.emptyList(), -1);

    private final List<String> methods;
    private final int rounds;
    private final List<String> origin;
    private final int entryIndex;

    private RecursionCycle(List<String> methods, int rounds, List<String> origin, int entryIndex) {
        this.methods = methods;
        this.rounds = rounds;
        this.origin = origin;
        this.entryIndex = entryIndex;
    }

    /** Finds the cycle in a captured stack; {@link #found()} is false when nothing repeats. */
    public static RecursionCycle of(CapturedStack stack) {
        if (stack == null) {
            return NONE;
        }
        String[] keys = stack.methods();
        int[] found = search(keys);
        if (found == null) {
            return NONE;
        }
        // Line numbers only for the origin: resolving one costs microseconds, and a deep recursion
        // has thousands of frames in the cycle (an interception at depth 4,000 spent ~200 ms here).
        int entry = found[0];
        String[] origin = new String[keys.length - entry - 1];
        for (int i = 0; i < origin.length; i++) {
            origin[i] = stack.location(entry + 1 + i);
        }
        return cycle(keys, found, origin);
    }

    /**
     * @param methods frame methods, innermost first, as {@code pkg.Class#method}
     * @param locations the same frames as they should be shown in the origin (with line numbers)
     */
    public static RecursionCycle of(String[] methods, String[] locations) {
        int[] found = search(methods);
        if (found == null) {
            return NONE;
        }
        return cycle(methods, found, Arrays.copyOfRange(locations, found[0] + 1, methods.length));
    }

    private static RecursionCycle cycle(String[] methods, int[] found, String[] origin) {
        int entry = found[0];
        int period = found[1];
        String[] cycle = new String[period];
        for (int i = 0; i < period; i++) {
            cycle[i] = methods[entry - i];
        }
        return new RecursionCycle(List.of(cycle), found[2] / period, List.of(origin), entry);
    }

    /** {entry index, period, frames covered} of the best repeating run, or null when nothing repeats. */
    private static int[] search(String[] names) {
        String[] methods = canonical(names);
        int n = methods.length;
        int bestPeriod = 0;
        int bestOffset = 0;
        int bestCovered = 0;
        // A period's run at one offset is its run at the offset before, less one, when that was not
        // empty: reuse it rather than comparing the whole recursion again for every offset.
        int[] runs = new int[MAX_PERIOD + 1];
        int[] runOffset = new int[MAX_PERIOD + 1];
        for (int p = 0; p <= MAX_PERIOD; p++) {
            runOffset[p] = -2;
        }
        for (int offset = 0; offset <= Math.min(MAX_SKIP, n - 2) && bestCovered < n - offset; offset++) {
            // Stop as soon as a period covers everything below the offset: nothing can do better.
            for (int p = 1; p <= Math.min(MAX_PERIOD, (n - offset) / 2) && bestCovered < n - offset; p++) {
                int run;
                if (runOffset[p] == offset - 1 && runs[p] > 0) {
                    run = runs[p] - 1;
                } else {
                    run = 0;
                    while (offset + run + p < n && methods[offset + run] == methods[offset + run + p]) {
                        run++;
                    }
                }
                runs[p] = run;
                runOffset[p] = offset;
                int covered = run + p;
                // At least two full rounds, and strictly better than a shorter period or offset.
                if (run >= p && covered > bestCovered) {
                    bestCovered = covered;
                    bestPeriod = p;
                    bestOffset = offset;
                }
            }
        }
        if (bestPeriod == 0) {
            return null;
        }
        return new int[] {bestOffset + bestCovered - 1, bestPeriod, bestCovered};
    }

    /**
     * The same names with equal ones replaced by one instance, so that the search compares
     * references: it compares up to ~10^6 pairs on a deep stack, on a cold path that runs
     * interpreted, where comparing the characters cost hundreds of milliseconds. Plain arrays, not
     * java.util maps: this runs on the application's thread, and java.util may be instrumented.
     */
    private static String[] canonical(String[] names) {
        int size = Integer.highestOneBit(Math.max(8, names.length)) << 2;
        String[] table = new String[size];
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            int slot = name.hashCode() & (size - 1);
            while (table[slot] != null && !table[slot].equals(name)) {
                slot = (slot + 1) & (size - 1);
            }
            if (table[slot] == null) {
                table[slot] = name;
            }
            out[i] = table[slot];
        }
        return out;
    }

    public boolean found() {
        return rounds > 0;
    }

    /** The repeating methods once, in call order, starting with the first one entered. */
    public List<String> methods() {
        return methods;
    }

    /** How many times the cycle repeats on the stack. */
    public int rounds() {
        return rounds;
    }

    /** The frames below the first entry into the cycle, innermost first, outermost last. */
    public List<String> origin() {
        return origin;
    }

    /** Index of the first entry into the cycle in the captured frames, -1 when none. */
    public int entryIndex() {
        return entryIndex;
    }

    /** {@code A#f -> B#g (x1,234)}, or {@code "none"}. */
    public String describe() {
        if (!found()) {
            return "none";
        }
        return String.join(" -> ", methods) + " (x" + rounds + ")";
    }
}
