package io.stackwatch.core.tracking;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StackReadingTest {

    private static ThreadStackState measuring(boolean virtual) {
        return new ThreadStackState(Policy.builder().build(), 1024 * 1024, virtual, true, 0);
    }

    /** As after a reading of the bounds of a stack from 1,000 to 2,000. */
    private static void boundsRead(ThreadStackState s) {
        s.cold.stackHigh = 2_000;
        s.cold.bounds[0] = 1_000;
        s.cold.bounds[1] = 2_000;
    }

    @Test
    void aPlatformThreadReadsItsBoundsOnce() {
        ThreadStackState s = measuring(false);
        assertThat(StackReading.needsBounds(s, 5_000)).isTrue();
        boundsRead(s);
        assertThat(StackReading.needsBounds(s, 1_500)).isFalse();
        assertThat(StackReading.needsBounds(s, 5_000)).isFalse();
    }

    @Test
    void aVirtualThreadReadsItsBoundsAgainOnlyAfterMovingToAnotherCarrierStack() {
        ThreadStackState s = measuring(true);
        assertThat(StackReading.needsBounds(s, 1_500)).isTrue();
        boundsRead(s);
        // Still on the carrier whose bounds were read.
        assertThat(StackReading.needsBounds(s, 1_500)).isFalse();
        // Remounted elsewhere: the pointer lies outside the old carrier's stack.
        assertThat(StackReading.needsBounds(s, 900)).isTrue();
        assertThat(StackReading.needsBounds(s, 2_500)).isTrue();
    }
}
