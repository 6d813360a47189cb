package io.stackwatch.core.stack;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames are given innermost first, as a stack trace prints them. Locations are the method name
 * plus a fake line number so that tests can tell an origin (built from locations) from a cycle
 * (built from method names).
 */
class RecursionCycleTest {

    private static RecursionCycle cycleOf(String... methods) {
        String[] locations = new String[methods.length];
        for (int i = 0; i < methods.length; i++) {
            locations[i] = methods[i] + ":" + (100 + i);
        }
        return RecursionCycle.of(methods, locations);
    }

    private static String[] repeat(int times, String... round) {
        String[] out = new String[times * round.length];
        for (int i = 0; i < times; i++) {
            System.arraycopy(round, 0, out, i * round.length, round.length);
        }
        return out;
    }

    private static String[] concat(String[]... parts) {
        return Arrays.stream(parts).flatMap(Arrays::stream).toArray(String[]::new);
    }

    @Test
    void selfRecursionIsAOneMethodCycle() {
        RecursionCycle c = cycleOf("F#f", "F#f", "F#f", "F#f", "Main#main");

        assertThat(c.found()).isTrue();
        assertThat(c.methods()).containsExactly("F#f");
        assertThat(c.rounds()).isEqualTo(4);
        assertThat(c.entryIndex()).isEqualTo(3);
        assertThat(c.origin()).containsExactly("Main#main:104");
        assertThat(c.describe()).isEqualTo("F#f (x4)");
    }

    @Test
    void originListsFramesBelowTheEntryInnermostFirstOutermostLast() {
        RecursionCycle c = cycleOf("F#f", "F#f", "F#f", "Svc#handle", "Main#run", "Main#main");

        assertThat(c.entryIndex()).isEqualTo(2);
        assertThat(c.origin()).containsExactly("Svc#handle:103", "Main#run:104", "Main#main:105");
    }

    @Test
    void mutualRecursionStartsAtTheOutermostEntry() {
        // Call order: main -> run -> b -> a -> b -> a -> b -> a (innermost). b was entered first.
        RecursionCycle c = cycleOf("a", "b", "a", "b", "a", "b", "run", "main");

        assertThat(c.found()).isTrue();
        assertThat(c.methods()).containsExactly("b", "a");
        assertThat(c.rounds()).isEqualTo(3);
        assertThat(c.entryIndex()).isEqualTo(5);
        assertThat(c.origin()).containsExactly("run:106", "main:107");
        assertThat(c.describe()).isEqualTo("b -> a (x3)");
    }

    @Test
    void partialRoundStillStartsAtTheFirstMethodEntered() {
        // main -> a -> b -> a -> b -> a: a entered first, two full rounds plus one call.
        RecursionCycle c = cycleOf("a", "b", "a", "b", "a", "main");

        assertThat(c.methods()).containsExactly("a", "b");
        assertThat(c.rounds()).isEqualTo(2);
        assertThat(c.entryIndex()).isEqualTo(4);
        assertThat(c.origin()).containsExactly("main:105");
    }

    @Test
    void periodThreeCycleInCallOrder() {
        // main -> c -> b -> a -> c -> b -> a -> c -> b -> a
        RecursionCycle c = cycleOf("a", "b", "c", "a", "b", "c", "a", "b", "c", "main");

        assertThat(c.methods()).containsExactly("c", "b", "a");
        assertThat(c.rounds()).isEqualTo(3);
        assertThat(c.entryIndex()).isEqualTo(8);
        assertThat(c.origin()).containsExactly("main:109");
        assertThat(c.describe()).isEqualTo("c -> b -> a (x3)");
    }

    @Test
    void shortestPeriodWinsOverItsMultiples() {
        // Period 1 and period 2 both cover all six f frames; the shorter one is the cycle.
        RecursionCycle c = cycleOf("f", "f", "f", "f", "f", "f", "main");

        assertThat(c.methods()).containsExactly("f");
        assertThat(c.rounds()).isEqualTo(6);
    }

    @Test
    void leafFrameAboveTheCycleIsSkipped() {
        RecursionCycle c = cycleOf("Leaf#compute", "F#f", "F#f", "F#f", "Main#main");

        assertThat(c.found()).isTrue();
        assertThat(c.methods()).containsExactly("F#f");
        assertThat(c.rounds()).isEqualTo(3);
        assertThat(c.entryIndex()).isEqualTo(3);
        assertThat(c.origin()).containsExactly("Main#main:104");
    }

    @Test
    void leafAboveMutualRecursionIsSkipped() {
        RecursionCycle c = cycleOf("leaf", "a", "b", "a", "b", "a", "b", "main");

        assertThat(c.methods()).containsExactly("b", "a");
        assertThat(c.rounds()).isEqualTo(3);
        assertThat(c.origin()).containsExactly("main:107");
    }

    @Test
    void upToEightLeafFramesAreSkipped() {
        String[] leaves = {"l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8"};
        RecursionCycle c = cycleOf(concat(leaves, repeat(5, "f"), new String[] {"main"}));

        assertThat(c.found()).isTrue();
        assertThat(c.methods()).containsExactly("f");
        assertThat(c.rounds()).isEqualTo(5);
        assertThat(c.entryIndex()).isEqualTo(12);
    }

    @Test
    void nineLeafFramesHideTheCycle() {
        String[] leaves = {"l1", "l2", "l3", "l4", "l5", "l6", "l7", "l8", "l9"};
        RecursionCycle c = cycleOf(concat(leaves, repeat(5, "f"), new String[] {"main"}));

        assertThat(c.found()).isFalse();
    }

    @Test
    void deepCycleBelowAShortAccidentalRepeatWins() {
        // "x,x" at the top is a repeat too, but the deep f run covers more frames.
        RecursionCycle c = cycleOf(concat(new String[] {"x", "x"}, repeat(10, "f"), new String[] {"main"}));

        assertThat(c.methods()).containsExactly("f");
        assertThat(c.rounds()).isEqualTo(10);
        assertThat(c.entryIndex()).isEqualTo(11);
    }

    @Test
    void longerCycleRepeatedManyTimes() {
        String[] round = {"p0", "p1", "p2", "p3", "p4", "p5", "p6"};
        RecursionCycle c = cycleOf(concat(repeat(100, round), new String[] {"Thread#run"}));

        // Innermost is p0; the outermost frame of the run is p6, entered first.
        assertThat(c.methods()).containsExactly("p6", "p5", "p4", "p3", "p2", "p1", "p0");
        assertThat(c.rounds()).isEqualTo(100);
        assertThat(c.origin()).containsExactly("Thread#run:800");
    }

    @Test
    void noRepetitionFindsNothing() {
        RecursionCycle c = cycleOf("c", "b", "a", "main");

        assertThat(c.found()).isFalse();
        assertThat(c.describe()).isEqualTo("none");
        assertThat(c.methods()).isEmpty();
        assertThat(c.origin()).isEmpty();
        assertThat(c.rounds()).isZero();
        assertThat(c.entryIndex()).isEqualTo(-1);
    }

    @Test
    void singleRoundIsNotACycle() {
        // a -> b -> a is only one and a half rounds of (a, b): needs two full rounds.
        RecursionCycle c = cycleOf("a", "b", "a", "main");

        assertThat(c.found()).isFalse();
    }

    @Test
    void twoCallsOfTheSameMethodAreTheSmallestCycle() {
        RecursionCycle c = cycleOf("f", "f");

        assertThat(c.found()).isTrue();
        assertThat(c.methods()).containsExactly("f");
        assertThat(c.rounds()).isEqualTo(2);
        assertThat(c.origin()).isEmpty();
    }

    @Test
    void emptyAndSingleFrameStacksFindNothing() {
        assertThat(cycleOf().found()).isFalse();
        assertThat(cycleOf("main").found()).isFalse();
    }

    @Test
    void nullCapturedStackFindsNothing() {
        RecursionCycle c = RecursionCycle.of((CapturedStack) null);

        assertThat(c.found()).isFalse();
        assertThat(c.describe()).isEqualTo("none");
    }

    @Test
    void capturedStackLeavesOutStackwatchFrames() {
        // This test class lives under io.stackwatch.core, so its own frames are filtered out too.
        CapturedStack s = CapturedStack.capture();

        assertThat(s).isNotNull();
        assertThat(s.size()).isPositive();
        assertThat(s.methods()).noneMatch(m -> m.startsWith("io.stackwatch.core."));
        assertThat(s.methods()).allMatch(m -> m.contains("#"));
        assertThat(RecursionCycle.of(s)).isNotNull();
    }
}
