package io.stackwatch.core.stack;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cycle search reuses runs between offsets and compares canonical names by reference; it must
 * find exactly what the plain search (every offset, every period, names compared by equals) finds.
 */
class RecursionCycleSearchTest {

    @Test
    void findsTheSameCycleAsThePlainSearchOnThousandsOfRandomStacks() {
        Random random = new Random(8);
        String[] alphabet = {"a.A#f", "a.A#g", "a.B#h", "a.B#i", "a.C#j", "a.C#k"};
        for (int sample = 0; sample < 5_000; sample++) {
            String[] methods = randomStack(random, alphabet);
            String[] locations = new String[methods.length];
            for (int i = 0; i < methods.length; i++) {
                // Fresh instances, as frames give them: equal names are never the same object.
                methods[i] = new String(methods[i]);
                locations[i] = methods[i] + ":" + i;
            }
            RecursionCycle found = RecursionCycle.of(methods, locations);
            Expected plain = plainSearch(methods, locations);
            String what = Arrays.toString(methods);
            assertThat(found.methods()).as(what).isEqualTo(plain.methods);
            assertThat(found.rounds()).as(what).isEqualTo(plain.rounds);
            assertThat(found.entryIndex()).as(what).isEqualTo(plain.entry);
            assertThat(found.origin()).as(what).isEqualTo(plain.origin);
        }
    }

    /** A few leaf frames, a repeated pattern (sometimes with a glitch), then some origin frames. */
    private static String[] randomStack(Random random, String[] alphabet) {
        int leaf = random.nextInt(4);
        int period = 1 + random.nextInt(5);
        int rounds = random.nextInt(30);
        int origin = random.nextInt(6);
        String[] pattern = new String[period];
        for (int i = 0; i < period; i++) {
            pattern[i] = alphabet[random.nextInt(alphabet.length)];
        }
        String[] out = new String[leaf + period * rounds + origin];
        int k = 0;
        for (int i = 0; i < leaf; i++) {
            out[k++] = alphabet[random.nextInt(alphabet.length)];
        }
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < period; i++) {
                out[k++] = random.nextInt(50) == 0 ? alphabet[random.nextInt(alphabet.length)] : pattern[i];
            }
        }
        for (int i = 0; i < origin; i++) {
            out[k++] = "o.Origin#m" + random.nextInt(3);
        }
        return out;
    }

    private record Expected(List<String> methods, int rounds, int entry, List<String> origin) {
    }

    /** The search as first written: every offset and period from scratch, names compared with equals. */
    private static Expected plainSearch(String[] methods, String[] locations) {
        int n = methods.length;
        int bestPeriod = 0;
        int bestOffset = 0;
        int bestCovered = 0;
        for (int offset = 0; offset <= Math.min(RecursionCycle.MAX_SKIP, n - 2) && bestCovered < n - offset; offset++) {
            for (int p = 1; p <= Math.min(RecursionCycle.MAX_PERIOD, (n - offset) / 2) && bestCovered < n - offset; p++) {
                int run = 0;
                while (offset + run + p < n && methods[offset + run].equals(methods[offset + run + p])) {
                    run++;
                }
                int covered = run + p;
                if (run >= p && covered > bestCovered) {
                    bestCovered = covered;
                    bestPeriod = p;
                    bestOffset = offset;
                }
            }
        }
        if (bestPeriod == 0) {
            return new Expected(List.of(), 0, -1, List.of());
        }
        int entry = bestOffset + bestCovered - 1;
        String[] cycle = new String[bestPeriod];
        for (int i = 0; i < bestPeriod; i++) {
            cycle[i] = methods[entry - i];
        }
        return new Expected(List.of(cycle), bestCovered / bestPeriod, entry,
                List.of(Arrays.copyOfRange(locations, entry + 1, n)));
    }
}
