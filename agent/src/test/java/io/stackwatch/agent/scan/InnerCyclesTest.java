package io.stackwatch.agent.scan;

import io.stackwatch.agent.scan.fixtures.BigComponent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static io.stackwatch.agent.scan.ScanHarness.cycle;
import static io.stackwatch.agent.scan.ScanHarness.scan;
import static org.assertj.core.api.Assertions.assertThat;

/** Self-loops and short cycles inside a large component are findings of their own. */
class InnerCyclesTest {

    private static Optional<Recursion> withCycle(ScanResult r, List<String> methods) {
        return r.recursions.stream().filter(rec -> cycle(r, rec).equals(methods)).findFirst();
    }

    @Test
    void aSelfLoopAndATwoMethodCycleInsideABigComponentAreFindingsOfTheirOwnWithTheirEntryPoints() throws IOException {
        ScanResult r = scan(BigComponent.class);
        Recursion self = withCycle(r, List.of("BigComponent#contentSpec")).orElseThrow(() -> new AssertionError(names(r)));
        Recursion pair = r.recursions.stream()
                .filter(rec -> cycle(r, rec).size() == 2 && cycle(r, rec).containsAll(List.of("BigComponent#group", "BigComponent#item")))
                .findFirst().orElseThrow(() -> new AssertionError(names(r)));
        for (Recursion inner : List.of(self, pair)) {
            assertThat(inner.partOf).as("the component it is part of: the ring, contentSpec, group and item").isEqualTo(13);
            assertThat(inner.entryPoint).as("reached from a public method").isNotNegative();
            assertThat(MethodNames.shortName(r.graph.nodes[inner.entryPoint])).isEqualTo("BigComponent#parse");
            assertThat(inner.surface).isEqualTo(AttackSurface.INPUT);
            assertThat(inner.guard).isNull();
        }
        // Each short cycle ranks above the component's long way round, which input drives no deeper.
        assertThat(self.rank).isLessThanOrEqualTo(3);
        assertThat(pair.rank).isLessThanOrEqualTo(3);
    }

    private static String names(ScanResult r) {
        StringBuilder b = new StringBuilder();
        for (Recursion rec : r.recursions) {
            b.append(rec.rank).append(' ').append(cycle(r, rec)).append(" partOf ").append(rec.partOf).append('\n');
        }
        return b.toString();
    }
}
