package io.stackwatch.agent.instrument;

import io.stackwatch.agent.bytecode.ClassShape;
import io.stackwatch.agent.instrument.fixtures.SelfRecursive;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FrameCostEstimatorTest {

    @Test
    void moreLocalsCostMoreBytes() {
        for (int stack = 0; stack < 5; stack++) {
            for (int locals = 0; locals < 50; locals++) {
                assertThat(FrameCostEstimator.interpretedFrameBytes(locals + 1, stack))
                        .isGreaterThan(FrameCostEstimator.interpretedFrameBytes(locals, stack));
            }
        }
    }

    @Test
    void moreOperandStackCostsMoreBytes() {
        for (int locals = 0; locals < 5; locals++) {
            for (int stack = 0; stack < 50; stack++) {
                assertThat(FrameCostEstimator.interpretedFrameBytes(locals, stack + 1))
                        .isGreaterThan(FrameCostEstimator.interpretedFrameBytes(locals, stack));
            }
        }
    }

    @Test
    void eachSlotCostsAtLeastAMachineWord() {
        assertThat(FrameCostEstimator.interpretedFrameBytes(11, 3) - FrameCostEstimator.interpretedFrameBytes(10, 3))
                .isGreaterThanOrEqualTo(8);
        assertThat(FrameCostEstimator.interpretedFrameBytes(10, 4) - FrameCostEstimator.interpretedFrameBytes(10, 3))
                .isGreaterThanOrEqualTo(8);
    }

    @Test
    void evenAnEmptyFrameIsAtLeastTheMeasuredInterpretedCost() {
        assertThat(FrameCostEstimator.interpretedFrameBytes(0, 0)).isGreaterThanOrEqualTo(120);
    }

    @Test
    void aSmallRealMethodIsEstimatedAtLeastTheMeasuredInterpretedCost() throws IOException {
        ClassShape shape;
        try (InputStream in = getClass().getResourceAsStream(
                "/io/stackwatch/agent/instrument/fixtures/SelfRecursive.class")) {
            shape = ClassShape.read(in.readAllBytes());
        }
        for (ClassShape.MethodShape m : shape.methods()) {
            if (m.instrumentable()) {
                assertThat(FrameCostEstimator.interpretedFrameBytes(m.maxLocals, m.maxStack))
                        .as("estimate for %s (locals %d, stack %d)", m.key(), m.maxLocals, m.maxStack)
                        .isGreaterThanOrEqualTo(120);
            }
        }
        assertThat(SelfRecursive.depth(3)).isEqualTo(3); // the fixture really is small and runs
    }

    @Test
    void aMethodWithManyLocalsCostsMoreThanASmallOne() {
        int small = FrameCostEstimator.interpretedFrameBytes(1, 2);
        int big = FrameCostEstimator.interpretedFrameBytes(40, 10);
        assertThat(big - small).isGreaterThanOrEqualTo(8 * (39 + 8));
    }
}
