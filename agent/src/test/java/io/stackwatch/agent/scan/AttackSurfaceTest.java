package io.stackwatch.agent.scan;

import io.stackwatch.agent.scan.fixtures.Forwarding;
import io.stackwatch.agent.scan.fixtures.TreeWalk;
import io.stackwatch.agent.scan.fixtures.UnguardedParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.stackwatch.agent.scan.ScanHarness.scan;
import static org.assertj.core.api.Assertions.assertThat;

/** What input reaches and drives, and the one line that says so. */
class AttackSurfaceTest {

    private static Recursion withCycle(ScanResult r, String... methods) {
        return r.recursions.stream().filter(rec -> ScanHarness.cycle(r, rec).equals(java.util.List.of(methods))).findFirst()
                .orElseThrow(() -> new AssertionError(java.util.Arrays.toString(methods)));
    }

    @Test
    void aParserMadeFromAStringIsReachedFromItsPublicMethodsAndReadsItsCharacters() throws IOException {
        ScanResult r = scan(UnguardedParser.class);
        Recursion parser = withCycle(r, "UnguardedParser#value", "UnguardedParser#array");
        assertThat(parser.surface).isEqualTo(AttackSurface.INPUT);
        assertThat(parser.why).startsWith("input drives it: reached from public UnguardedParser#parse(), 1 call away,"
                + " on an object made from UnguardedParser; reads input every round (UnguardedParser#value is a method of UnguardedParser)");
    }

    @Test
    void aTreeWalkReachedFromAPublicMethodIsDataNotInput() throws IOException {
        ScanResult r = scan(TreeWalk.class);
        Recursion height = withCycle(r, "TreeWalk#height");
        assertThat(height.surface).isEqualTo(AttackSurface.DATA);
        assertThat(height.why).contains("reached from public TreeWalk#measure(Node)", "walks down a structure in memory");
    }

    @Test
    void aWrapperHandingItsArgumentsOnIsNotInputDrivenButTheReaderThatRecursesPerBracketIs() throws IOException {
        ScanResult r = scan(Forwarding.class);
        Recursion wrapper = withCycle(r, "Forwarding$WrappingReader#next");
        Recursion nesting = withCycle(r, "Forwarding$NestingReader#next");
        assertThat(nesting.surface).isEqualTo(AttackSurface.INPUT);
        assertThat(wrapper.surface).isNotEqualTo(AttackSurface.INPUT);
        assertThat(wrapper.why).contains("may read input");
        assertThat(nesting.rank).isLessThan(wrapper.rank);
    }
}
