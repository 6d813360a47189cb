package io.stackwatch.agent.classfile;

import io.stackwatch.agent.instrument.fixtures.SelfRecursive;
import io.stackwatch.agent.scan.fixtures.UnguardedParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

class FrameCostTest {

    static ClassShape shapeOf(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class")) {
            return ShapeReader.read(in.readAllBytes());
        }
    }

    static MethodShape method(ClassShape shape, String name) {
        for (MethodShape m : shape.methods()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no method " + name + " in " + shape);
    }

    @Test
    void anInterpretedFrameIsTheFixedBlockPlusOwnLocalsPlusTheOperandStack() throws IOException {
        MethodShape array = method(shapeOf(UnguardedParser.class), "array");
        // this is the only argument: every other local is the method's own
        int own = array.maxLocals() - 1;
        assertThat(FrameCost.interpreted(array)).isEqualTo(88 + 8 * (own + array.maxStack()));
        assertThat(FrameCost.compiled(array) % 16).isZero();
        assertThat(FrameCost.compiled(array)).isBetween(16, FrameCost.interpreted(array));
    }

    @Test
    void theCalibrationPointsOfTheEstimate() {
        // Measured on JDK 17 with -Xint (see FrameCost): 96.6, 112.8 and 177.1 bytes per frame.
        assertThat(FrameCost.INTERPRETER_FIXED_BYTES + 8 * (0 + 2)).isEqualTo(104);      // static int self(int): 1 local (the argument), stack 2
        assertThat(FrameCost.INTERPRETER_FIXED_BYTES + 8 * (1 + 2)).isEqualTo(112);      // static Object obj(Object, String): 3 locals, 2 arguments, stack 2
        assertThat(FrameCost.INTERPRETER_FIXED_BYTES + 8 * (4 + 8)).isEqualTo(184);      // static long wide(long, long, long, int): 11 locals, 7 argument slots, stack 8
    }

    @Test
    void aCountedSmallRealMethodIsChargedAtLeastTheMeasuredInterpretedCost() throws IOException {
        ClassShape shape = shapeOf(SelfRecursive.class);
        for (MethodShape m : shape.methods()) {
            if (m.instrumentable()) {
                assertThat(FrameCost.counted(m))
                        .as("charge for %s (locals %d, stack %d)", m.key(), m.maxLocals(), m.maxStack())
                        .isGreaterThanOrEqualTo(120);
            }
        }
        assertThat(SelfRecursive.depth(3)).isEqualTo(3); // the fixture really is small and runs
    }

    @Test
    void aSynchronizedMethodCarriesItsMonitorAndCompiledFramesAreWholeWords() throws IOException {
        for (MethodShape m : shapeOf(UnguardedParser.class).methods()) {
            if (m.hasCode()) {
                assertThat(FrameCost.counted(m)).isGreaterThan(FrameCost.interpreted(m));
                assertThat(FrameCost.compiled(m) % 16).isZero();
            }
        }
    }
}
