package io.stackwatch.agent.scan;

import io.stackwatch.agent.scan.fixtures.Countdowns;
import io.stackwatch.agent.scan.fixtures.CounterGuard;
import io.stackwatch.agent.scan.fixtures.HelperGuard;
import io.stackwatch.agent.scan.fixtures.HighWaterMark;
import io.stackwatch.agent.scan.fixtures.ParameterGuard;
import io.stackwatch.agent.scan.fixtures.RoundCounter;
import io.stackwatch.agent.scan.fixtures.SidePath;
import io.stackwatch.agent.scan.fixtures.Tokenizer;
import io.stackwatch.agent.scan.fixtures.UnguardedParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.stackwatch.agent.scan.ScanHarness.cycle;
import static io.stackwatch.agent.scan.ScanHarness.only;
import static io.stackwatch.agent.scan.ScanHarness.scan;
import static org.assertj.core.api.Assertions.assertThat;

/** The guard heuristic on small parsers shaped like the real libraries' fixes (and their look-alikes). */
class GuardHeuristicTest {

    @Test
    void aParserWithNothingBoundingItsDepthIsUnguarded() throws IOException {
        ScanResult r = scan(UnguardedParser.class);
        Recursion rec = only(r, "UnguardedParser#value");
        assertThat(rec.guarded()).isFalse();
        assertThat(cycle(r, rec)).containsExactly("UnguardedParser#value", "UnguardedParser#array");
    }

    @Test
    void aDepthParameterSteppedAlongTheCycleAndComparedWithALimitIsAGuard() throws IOException {
        Recursion rec = only(scan(ParameterGuard.class), "ParameterGuard#value");
        assertThat(rec.guarded()).isTrue();
        assertThat(rec.guard.kind).isEqualTo("depth parameter");
        assertThat(rec.guard.evidence).contains("'depth'");
    }

    @Test
    void aFieldIncrementedBeforeAndDecrementedAfterTheRecursiveCallAndComparedWithAConstantIsAGuard() throws IOException {
        Recursion rec = only(scan(CounterGuard.class), "CounterGuard#array");
        assertThat(rec.guarded()).isTrue();
        assertThat(rec.guard.kind).isEqualTo("depth counter");
        assertThat(rec.guard.evidence).contains("CounterGuard.depth");
    }

    @Test
    void aCounterKeptInHelperMethodsAroundTheRecursionAndComparedWithALimitFieldIsAGuard() throws IOException {
        Recursion rec = only(scan(HelperGuard.class), "HelperGuard#node");
        assertThat(rec.guarded()).isTrue();
        assertThat(rec.guard.evidence).contains("HelperGuard.nesting");
    }

    @Test
    void aCounterOnlyIncrementedAndComparedWithAStaticLimitBoundsTheRoundsInTotal() throws IOException {
        Recursion rec = only(scan(RoundCounter.class), "RoundCounter#nextValue");
        assertThat(rec.guarded()).isTrue();
        assertThat(rec.guard.kind).isEqualTo("round counter");
    }

    @Test
    void aDepthComparedOnlyWithItsOwnHighWaterMarkIsNoGuard() throws IOException {
        assertThat(only(scan(HighWaterMark.class), "HighWaterMark#array").guarded()).isFalse();
    }

    @Test
    void aReadPositionMovedForwardAndBackIsNoGuard() throws IOException {
        ScanResult r = scan(Tokenizer.class);
        Recursion rec = only(r, "Tokenizer#nextValue");
        assertThat(rec.guarded()).isFalse();
        assertThat(cycle(r, rec)).contains("Tokenizer#nextValue", "Tokenizer$Group#<init>");
    }

    @Test
    void aCountdownEnteredWithTheCallersOwnNumberIsNoGuardButOneEnteredWithAConstantIs() throws IOException {
        ScanResult r = scan(Countdowns.class);
        assertThat(only(r, "Countdowns#isEven").guarded()).as("isEven(n) is as deep as n").isFalse();
        Recursion walk = only(r, "Countdowns#walk");
        assertThat(walk.guarded()).as("walk(tree, 64) is at most 64 deep").isTrue();
        assertThat(walk.guard.evidence).contains("'budget'");
    }

    @Test
    void aGuardedCycleWithAnUnguardedWayBackInIsUnguardedAndTheReportShowsThatWay() throws IOException {
        ScanResult r = scan(SidePath.class);
        Recursion rec = only(r, "SidePath#mapObject");
        assertThat(rec.guarded()).isFalse();
        assertThat(cycle(r, rec)).contains("SidePath#withDuplicates", "SidePath#mapObject");
    }
}
