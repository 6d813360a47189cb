package io.stackwatch.agent.scan;

import io.stackwatch.agent.scan.fixtures.CounterGuard;
import io.stackwatch.agent.scan.fixtures.TreeWalk;
import io.stackwatch.agent.scan.fixtures.UnguardedParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import static io.stackwatch.agent.scan.ScanHarness.only;
import static io.stackwatch.agent.scan.ScanHarness.scan;
import static org.assertj.core.api.Assertions.assertThat;

/** Riskiest first: unguarded, certain, carrying its input along; then the heavier round. */
class RankingTest {

    @Test
    void aParserCarryingItsInputRanksAboveATreeWalkAboveAGuardedParser() throws IOException {
        ScanResult r = scan(UnguardedParser.class, TreeWalk.class, CounterGuard.class);
        Recursion parser = only(r, "UnguardedParser#value");
        Recursion height = only(r, "TreeWalk#height");
        Recursion size = only(r, "TreeWalk$Node#size");
        Recursion guarded = only(r, "CounterGuard#array");

        assertThat(parser.descends).isFalse();
        assertThat(height.descends).as("height(node.left)").isTrue();
        assertThat(size.descends).as("c.size() for a child c of this").isTrue();
        assertThat(parser.rank).isEqualTo(1);
        assertThat(guarded.rank).isEqualTo(r.recursions.size());
        assertThat(List.of(height.rank, size.rank)).allSatisfy(rank -> assertThat(rank).isBetween(2, 3));
        assertThat(r.recursions.stream().map(x -> x.rank).collect(Collectors.toList())).isSorted();
    }

    @Test
    void costsAreTheSumOfTheCyclesFramesAndRoundsAreTheStackOverThem() throws IOException {
        ScanResult r = scan(UnguardedParser.class);
        Recursion parser = only(r, "UnguardedParser#value");
        long sum = 0;
        long compiled = 0;
        for (int v : parser.cycle) {
            sum += r.interpretedBytes[v];
            compiled += r.compiledBytes[v];
        }
        assertThat(parser.bytesPerRound).isEqualTo(sum);
        assertThat(parser.compiledBytesPerRound).isEqualTo(compiled).isLessThan(sum);
        assertThat(r.capacityBytes()).isEqualTo(950_272);
        assertThat(r.rounds(parser.bytesPerRound)).isEqualTo(950_272 / sum);
    }
}
