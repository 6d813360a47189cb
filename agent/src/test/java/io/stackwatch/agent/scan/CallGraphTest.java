package io.stackwatch.agent.scan;

import io.stackwatch.agent.scan.fixtures.DefaultMethods;
import io.stackwatch.agent.scan.fixtures.Delegate;
import io.stackwatch.agent.scan.fixtures.Lambdas;
import io.stackwatch.agent.scan.fixtures.Megamorphic;
import io.stackwatch.agent.scan.fixtures.shapes.Dot;
import io.stackwatch.agent.scan.fixtures.shapes.Group;
import io.stackwatch.agent.scan.fixtures.shapes.Shape;
import io.stackwatch.agent.scan.fixtures.visitors.Counter;
import io.stackwatch.agent.scan.fixtures.visitors.ShapeVisitor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static io.stackwatch.agent.scan.ScanHarness.cycle;
import static io.stackwatch.agent.scan.ScanHarness.members;
import static io.stackwatch.agent.scan.ScanHarness.only;
import static io.stackwatch.agent.scan.ScanHarness.recursionWith;
import static io.stackwatch.agent.scan.ScanHarness.scan;
import static org.assertj.core.api.Assertions.assertThat;

/** Call resolution over the whole input: hierarchy, interfaces, default methods, invokedynamic. */
class CallGraphTest {

    @Test
    void aVisitorCycleAcrossTwoPackagesIsFoundThroughTheAbstractMethodAndTheInterface() throws IOException {
        ScanResult r = scan(Shape.class, Group.class, Dot.class, ShapeVisitor.class, Counter.class);
        Recursion rec = only(r, "Counter#visitGroup");
        assertThat(cycle(r, rec)).containsExactlyInAnyOrder("Counter#visitGroup", "Group#accept");
        // Shape#accept has two overrides in the input (Group, Dot): a virtual call with few targets.
        assertThat(rec.tier).isEqualTo(Recursion.FEW_TARGETS);
        assertThat(rec.maxFanout).isEqualTo(2);
        assertThat(members(r, rec)).doesNotContain("Dot#accept", "Counter#visitDot");
    }

    @Test
    void aLambdaBodyAndAMethodReferenceAreCallsOfTheMethodThatCreatesThem() throws IOException {
        ScanResult r = scan(Lambdas.class);
        Recursion viaLambda = only(r, "Lambdas#walk");
        assertThat(members(r, viaLambda)).hasSize(2).anySatisfy(m -> assertThat(m).startsWith("Lambdas#lambda$walk$"));
        assertThat(cycle(r, only(r, "Lambdas#visit"))).containsExactlyInAnyOrder("Lambdas#visit", "Lambdas#visitOne");
    }

    @Test
    void aCallReachesADefaultMethodThatAnImplementationInherits() throws IOException {
        ScanResult r = scan(DefaultMethods.class);
        Recursion rec = only(r, "DefaultMethods$Renderable#render");
        assertThat(cycle(r, rec)).containsExactly("DefaultMethods$Renderable#render");
        assertThat(rec.descends).as("c = child(); c.render() walks down the structure").isTrue();
    }

    @Test
    void aVirtualCallOnATypeOutsideTheInputCountsTheClassesOutsideAsOneMoreTarget() throws IOException {
        ScanResult r = scan(Delegate.class);
        Recursion rec = only(r, "Delegate#append");
        assertThat(rec.tier).as("out.append(c) may reach a JDK writer").isEqualTo(Recursion.FEW_TARGETS);
        assertThat(rec.maxFanout).isEqualTo(2);
    }

    @Test
    void aCallWithMoreTargetsThanTheLimitGoesToItsDispatchFamilyUnlessTheLimitIsRaised() throws IOException {
        ScanResult capped = scan(Megamorphic.class);
        assertThat(capped.graph.megamorphicCalls).isEqualTo(1);
        assertThat(capped.graph.families()).isEqualTo(1);
        Recursion family = only(capped, "Megamorphic#dispatch");
        assertThat(family.tier).isEqualTo(Recursion.FAMILY);
        assertThat(cycle(capped, family)).contains("Megamorphic#dispatch", "Megamorphic$Handler#handle");
        int handler = java.util.Arrays.stream(family.cycle).filter(capped.graph::isFamily).findFirst().orElseThrow();
        assertThat(capped.graph.familySize(handler)).isEqualTo(40);

        ScanResult raised = scan(List.of("--max-targets", "64"), Megamorphic.class);
        Recursion rec = only(raised, "Megamorphic#dispatch");
        assertThat(rec.tier).isEqualTo(Recursion.MANY_TARGETS);
        assertThat(rec.maxFanout).isEqualTo(40);
        assertThat(rec.members).hasSize(41);
    }
}
