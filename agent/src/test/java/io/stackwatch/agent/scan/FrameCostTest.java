package io.stackwatch.agent.scan;

import io.stackwatch.agent.bytecode.ClassShape;
import io.stackwatch.agent.scan.fixtures.UnguardedParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class FrameCostTest {

    @Test
    void anInterpretedFrameIsTheFixedBlockPlusOwnLocalsPlusTheOperandStack() throws IOException {
        ScanResult r = ScanHarness.scan(UnguardedParser.class);
        ClassShape.MethodShape array = ScanHarness.method(r, "UnguardedParser#array");
        // this is the only argument: every other local is the method's own
        int own = array.maxLocals - 1;
        assertThat(FrameCost.interpreted(array)).isEqualTo(88 + 8 * (own + array.maxStack));
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
}
