package io.stackwatch.agent.graph;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CycleCoverTest {

    private static int[] round(int[][] edges, boolean[][] loops, int frame, int plain) {
        boolean[] countable = new boolean[edges.length];
        Arrays.fill(countable, true);
        return round(edges, loops, countable, frame, plain);
    }

    private static int[] round(int[][] edges, boolean[][] loops, boolean[] countable, int frame, int plain) {
        int n = edges.length;
        boolean[] self = new boolean[n];
        for (int v = 0; v < n; v++) {
            for (int w : edges[v]) {
                self[v] |= w == v;
            }
        }
        int[] frames = new int[n];
        int[] plains = new int[n];
        Arrays.fill(frames, frame);
        Arrays.fill(plains, plain);
        return CycleCover.choose(edges, loops, self, countable, frames, plains).roundBytes;
    }

    private static boolean[][] noLoops(int[][] edges) {
        boolean[][] loops = new boolean[edges.length][];
        for (int v = 0; v < edges.length; v++) {
            loops[v] = new boolean[edges[v].length];
        }
        return loops;
    }

    @Test
    void aGraphWithoutCyclesCountsNothing() {
        int[][] chain = {{1}, {2}, {}};
        assertThat(round(chain, noLoops(chain), 100, 90)).containsOnly(0);
    }

    @Test
    void aThreeMethodRoundCountsOneMethodChargedAllThreeFrames() {
        int[][] ring = {{1}, {2}, {0}};
        int[] r = round(ring, noLoops(ring), 100, 90);
        assertThat(Arrays.stream(r).filter(b -> b > 0).count()).isEqualTo(1);
        assertThat(Arrays.stream(r).max().getAsInt()).isEqualTo(100 + 90 + 90);
    }

    @Test
    void theMethodCalledInsideALoopIsNotTheOneCounted() {
        // 0 reads an object, calling 1 per field in a loop; 1 calls 2; 2 calls 0 for a nested object.
        int[][] ring = {{1}, {2}, {0}};
        boolean[][] loops = {{true}, {false}, {false}};
        assertThat(round(ring, loops, 100, 90)).containsExactly(280, 0, 0);
        // The loop elsewhere on the ring: the method with the loop is counted, once per level.
        boolean[][] loopInto2 = {{false}, {true}, {false}};
        assertThat(round(ring, loopInto2, 100, 90)).containsExactly(0, 280, 0);
        boolean[][] loopInto0 = {{false}, {false}, {true}};
        assertThat(round(ring, loopInto0, 100, 90)).containsExactly(0, 0, 280);
    }

    @Test
    void theMethodLoopingIntoItsCycleIsCountedAndTheOneItCallsInTheLoopIsNot() {
        // 0 loops over 1; 1 calls 2; 2 calls 0 or 3; 3 calls 2 again: 0 and one of 2, 3 cover every
        // cycle, and 1, called once per element, is never counted.
        int[][] graph = {{1}, {2}, {0, 3}, {2}};
        boolean[][] loops = {{true}, {false}, {false, false}, {false}};
        int[] r = round(graph, loops, 100, 90);
        assertThat(r[0]).isPositive();
        assertThat(r[1]).isZero();
    }

    @Test
    void aCycleThroughAConstructorIsCountedAtItsOtherMethod() {
        // A parser method and a constructor calling each other (new JSONObject(tokener) -> nextValue):
        // the constructor, whatever its shape, cannot carry advice.
        int[][] ring = {{1}, {0}};
        boolean[][] loops = {{false}, {true}};
        int[] r = round(ring, loops, new boolean[]{false, true}, 100, 90);
        assertThat(r).containsExactly(0, 190);
    }

    @Test
    void aCycleOfUncountableMethodsAloneCountsNothing() {
        int[][] ring = {{1}, {0}, {2}};
        boolean[][] loops = {{false}, {false}, {false}};
        assertThat(round(ring, loops, new boolean[]{false, false, false}, 100, 90)).containsOnly(0);
    }

    @Test
    void aSelfCallIsAlwaysCounted() {
        int[][] graph = {{0, 1}, {0}};
        int[] r = round(graph, noLoops(graph), 100, 90);
        assertThat(r[0]).isPositive();
        assertThat(r[1]).isZero();
    }

    @Test
    void aRoundIsChargedItsLongestChainOfUncountedFrames() {
        // 0 -> 1 -> 2 -> 0 and 0 -> 2 -> 0: whichever is counted, a round may pass every other node.
        int[][] graph = {{1, 2}, {2}, {0}};
        int[] r = round(graph, noLoops(graph), 100, 90);
        // 0 and 2 are each on both cycles (in-degree times out-degree 2, against 1 for node 1): the
        // first of them is counted alone, and its round may pass 1 and 2 before coming back.
        assertThat(r).containsExactly(280, 0, 0);
    }

    @Property(tries = 300)
    void everyCycleOfARandomGraphPassesACountedMethod(@ForAll @IntRange(min = 1, max = 40) int n,
                                                     @ForAll @IntRange(min = 0, max = 4) int degree,
                                                     @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        Random random = new Random(seed);
        int[][] edges = new int[n][];
        boolean[][] loops = new boolean[n][];
        for (int v = 0; v < n; v++) {
            edges[v] = random.ints(random.nextInt(degree + 1), 0, n).distinct().toArray();
            loops[v] = new boolean[edges[v].length];
            for (int k = 0; k < loops[v].length; k++) {
                loops[v][k] = random.nextBoolean();
            }
        }
        boolean[] countable = new boolean[n];
        for (int v = 0; v < n; v++) {
            countable[v] = random.nextInt(5) > 0;
        }
        int[] r = round(edges, loops, countable, 100, 90);
        boolean[] self = new boolean[n];
        for (int v = 0; v < n; v++) {
            int vv = v;
            self[v] = Arrays.stream(edges[v]).anyMatch(w -> w == vv);
        }
        int[] frames = new int[n];
        Arrays.fill(frames, 100);
        boolean[] onCycle = CycleCover.choose(edges, loops, self, countable, frames, frames).onCycle;

        int[] component = StronglyConnected.components(edges);
        int[] sizes = new int[n];
        for (int c : component) {
            sizes[c]++;
        }
        // Counted methods lie on cycles, and without them no cycle is left.
        int[][] rest = new int[n][];
        for (int v = 0; v < n; v++) {
            int vv = v;
            assertThat(onCycle[v]).as("node %d on a cycle", v).isEqualTo(sizes[component[v]] > 1 || self[v]);
            if (r[v] > 0) {
                assertThat(countable[v]).isTrue();
                assertThat(onCycle[v]).isTrue();
                assertThat(r[v]).isGreaterThanOrEqualTo(100);
                rest[v] = new int[0];
            } else {
                assertThat(self[v] && countable[v]).isFalse();
                rest[v] = Arrays.stream(edges[v]).filter(w -> r[w] == 0 && w != vv).toArray();
            }
        }
        // Whatever cycle is left runs through uncountable nodes only.
        int[] restComponents = StronglyConnected.components(rest);
        int[] restSizes = new int[n];
        for (int c : restComponents) {
            restSizes[c]++;
        }
        for (int v = 0; v < n; v++) {
            if (restSizes[restComponents[v]] > 1) {
                assertThat(countable[v]).as("node %d left on a cycle", v).isFalse();
            }
        }
    }
}
