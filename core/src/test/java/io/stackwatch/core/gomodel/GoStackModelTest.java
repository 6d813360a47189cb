package io.stackwatch.core.gomodel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the Go stack policy to exact, hand-computed sequences.
 *
 * <p>The rule: a push of {@code frame} bytes onto a stack using {@code used} bytes fits when
 * {@code used + frame + guard <= size}. Otherwise the size doubles (again and again until
 * {@code newSize - used >= frame + guard}), the {@code used} bytes are copied and one growth counted.
 */
class GoStackModelTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** One growth seen while pushing a stream of frames. */
    private static final class Growth {
        final int push;          // 1-based index of the push that grew the stack
        final long usedBefore;   // bytes in use before that push = bytes copied
        final long newSize;

        Growth(int push, long usedBefore, long newSize) {
            this.push = push;
            this.usedBefore = usedBefore;
            this.newSize = newSize;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Growth && ((Growth) o).push == push && ((Growth) o).usedBefore == usedBefore
                    && ((Growth) o).newSize == newSize;
        }

        @Override
        public int hashCode() {
            return push * 31 + (int) newSize;
        }

        @Override
        public String toString() {
            return "push#" + push + "(used " + usedBefore + " -> size " + newSize + ")";
        }
    }

    private static List<Growth> pushFrames(GoStackModel model, long frame, int count) {
        List<Growth> growths = new ArrayList<>();
        long used = 0;
        for (int i = 1; i <= count; i++) {
            int r = model.push(used, frame);
            assertThat(r).as("push #%d", i).isIn(0, 1);
            if (r == 1) {
                growths.add(new Growth(i, used, model.sizeBytes()));
            }
            used += frame;
            // Invariant after every successful push: the frame ends at least `guard` below the top.
            assertThat(used + model.guardBytes()).as("push #%d", i).isLessThanOrEqualTo(model.sizeBytes());
        }
        return growths;
    }

    @Test
    void startsAtInitialSizeWithNothingCounted() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        assertThat(m.sizeBytes()).isEqualTo(8192);
        assertThat(m.growths()).isZero();
        assertThat(m.shrinks()).isZero();
        assertThat(m.copiedBytes()).isZero();
        assertThat(m.overflowed()).isFalse();
        assertThat(m.overflowNeededBytes()).isZero();
        assertThat(m.growthMark()).isEqualTo(8192 - 896 + 1);
        assertThat(m.initialBytes()).isEqualTo(8192);
        assertThat(m.guardBytes()).isEqualTo(896);
        assertThat(m.maxBytes()).isEqualTo(MIB);
    }

    @Test
    void fitsExactlyWhenGuardIsLeftFree() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        assertThat(m.fits(8192 - 896)).isTrue();       // 7296 + 896 == 8192
        assertThat(m.fits(8192 - 896 + 1)).isFalse();  // one byte into the guard
        assertThat(m.push(0, 7296)).isZero();
        assertThat(m.push(0, 7297)).isEqualTo(1);
        assertThat(m.sizeBytes()).isEqualTo(16384);
    }

    @Test
    void growthMarkIsTheFirstUsedByteCountThatDoesNotFit() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);
        long mark = m.growthMark();

        assertThat(m.fits(mark - 1)).isTrue();
        assertThat(m.fits(mark)).isFalse();

        m.push(0, mark); // grows to 16384
        assertThat(m.growthMark()).isEqualTo(16384 - 896 + 1);
    }

    @Test
    void hundredByteFramesGrowAtPushes73_155_319_647() {
        // 8192/896: push k leaves 100k used; it fits while 100k + 896 <= size.
        //   size  8192: 100k <=  7296 -> k <= 72, push 73 grows (used before  7200)
        //   size 16384: 100k <= 15488 -> k <= 154, push 155 grows (used before 15400)
        //   size 32768: 100k <= 31872 -> k <= 318, push 319 grows (used before 31800)
        //   size 65536: 100k <= 64640 -> k <= 646, push 647 grows (used before 64600)
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        List<Growth> growths = pushFrames(m, 100, 1000);

        assertThat(growths).containsExactly(
                new Growth(73, 7200, 16384),
                new Growth(155, 15400, 32768),
                new Growth(319, 31800, 65536),
                new Growth(647, 64600, 131072));
        assertThat(m.growths()).isEqualTo(4);
        assertThat(m.copiedBytes()).isEqualTo(7200 + 15400 + 31800 + 64600);
        assertThat(m.sizeBytes()).isEqualTo(131072);
        assertThat(m.overflowed()).isFalse();
    }

    @Test
    void firstGrowthHappensAtPush73NotBefore() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        assertThat(pushFrames(m, 100, 72)).isEmpty();
        assertThat(m.sizeBytes()).isEqualTo(8192);
        assertThat(m.copiedBytes()).isZero();

        assertThat(m.push(7200, 100)).isEqualTo(1);
        assertThat(m.sizeBytes()).isEqualTo(16384);
        assertThat(m.copiedBytes()).isEqualTo(7200);
        assertThat(m.growths()).isEqualTo(1);
    }

    @Test
    void copiedBytesArePerGrowthTheUsedBytesBeforeThePush() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        m.push(5000, 3000);  // 8000 + 896 > 8192 -> 16384, copies 5000
        assertThat(m.copiedBytes()).isEqualTo(5000);
        m.push(8000, 100);   // 8100 + 896 <= 16384, no growth
        assertThat(m.copiedBytes()).isEqualTo(5000);
        m.push(15000, 1000); // 16000 + 896 > 16384 -> 32768, copies 15000
        assertThat(m.copiedBytes()).isEqualTo(20000);
        assertThat(m.growths()).isEqualTo(2);
    }

    @Test
    void doublesUntilFrameAndGuardFit() {
        // 40,000 + 896 = 40,896: 16384 and 32768 are too small, 65536 fits. One growth, nothing copied.
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        assertThat(m.push(0, 40_000)).isEqualTo(1);

        assertThat(m.sizeBytes()).isEqualTo(65536);
        assertThat(m.growths()).isEqualTo(1);
        assertThat(m.copiedBytes()).isZero();
    }

    @Test
    void multiDoublingAccountsForUsedBytesBelowTheFrame() {
        // used 6000 + frame 40000 + guard 896: newSize - 6000 >= 40896 -> 65536 (32768 - 6000 = 26768 too small).
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        assertThat(m.push(6000, 40_000)).isEqualTo(1);

        assertThat(m.sizeBytes()).isEqualTo(65536);
        assertThat(m.growths()).isEqualTo(1);
        assertThat(m.copiedBytes()).isEqualTo(6000);
    }

    @Test
    void growthExactlyToMaxIsAllowed() {
        GoStackModel m = new GoStackModel(8192, 896, 65536);

        assertThat(m.push(0, 40_000)).isEqualTo(1);

        assertThat(m.sizeBytes()).isEqualTo(65536);
        assertThat(m.overflowed()).isFalse();
    }

    @Test
    void refusesGrowthPastNonPowerOfTwoMax() {
        GoStackModel m = new GoStackModel(8192, 896, 100_000);
        assertThat(m.push(0, 40_000)).isEqualTo(1); // 65536 <= 100,000
        long copiedBefore = m.copiedBytes();

        // 60,000 + 5,000 + 896 > 65536 -> would need 131072 > 100,000
        assertThat(m.push(60_000, 5_000)).isEqualTo(-1);

        assertThat(m.overflowed()).isTrue();
        assertThat(m.sizeBytes()).isEqualTo(65536);
        assertThat(m.growths()).isEqualTo(1);
        assertThat(m.copiedBytes()).isEqualTo(copiedBefore);
        assertThat(m.overflowNeededBytes()).isEqualTo(131072);
        assertThat(m.growthMark()).isEqualTo(Long.MAX_VALUE);
        assertThat(m.overflowMessage())
                .isEqualTo("runtime: goroutine stack exceeds 100000-byte limit\nfatal error: stack overflow");
    }

    @Test
    void overflowNeededBytesIsTheFullMultiDoubledSize() {
        GoStackModel m = new GoStackModel(8192, 896, 100_000);

        assertThat(m.push(0, 200_000)).isEqualTo(-1); // 8192 -> ... -> 262144

        assertThat(m.overflowNeededBytes()).isEqualTo(262_144);
        assertThat(m.sizeBytes()).isEqualTo(8192);
        assertThat(m.growths()).isZero();
    }

    @Test
    void afterOverflowNothingGrowsAnyMore() {
        GoStackModel m = new GoStackModel(8192, 896, 100_000);
        m.push(0, 40_000);
        m.push(60_000, 5_000); // overflow

        assertThat(m.push(65_000, 50_000)).isZero();
        assertThat(m.push(0, 1_000_000)).isZero();

        assertThat(m.sizeBytes()).isEqualTo(65536);
        assertThat(m.growths()).isEqualTo(1);
        assertThat(m.overflowed()).isTrue();
    }

    @Test
    void hundredByteFramesOverflowAtPush647WithMax100000() {
        GoStackModel m = new GoStackModel(8192, 896, 100_000);
        long used = 0;
        int overflowAt = -1;
        for (int i = 1; i <= 1000; i++) {
            int r = m.push(used, 100);
            if (r < 0) {
                overflowAt = i;
                break;
            }
            used += 100;
        }

        assertThat(overflowAt).isEqualTo(647);
        assertThat(m.growths()).isEqualTo(3);
        assertThat(m.copiedBytes()).isEqualTo(7200 + 15400 + 31800);
        assertThat(m.sizeBytes()).isEqualTo(65536);
    }

    @Test
    void checkpointNeverShrinksBelowInitial() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);

        assertThat(m.checkpoint(0)).isFalse();

        assertThat(m.sizeBytes()).isEqualTo(8192);
        assertThat(m.shrinks()).isZero();
        assertThat(m.copiedBytes()).isZero();
    }

    @Test
    void checkpointHalvesWhenUnderAQuarterAndCopiesUsed() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);
        m.push(0, 40_000); // 65536

        assertThat(m.checkpoint(16_383)).isTrue(); // < 65536/4

        assertThat(m.sizeBytes()).isEqualTo(32768);
        assertThat(m.shrinks()).isEqualTo(1);
        assertThat(m.copiedBytes()).isEqualTo(16_383);
        assertThat(m.growthMark()).isEqualTo(32768 - 896 + 1);
    }

    @Test
    void checkpointKeepsSizeWhenUsingAQuarterOrMore() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);
        m.push(0, 40_000); // 65536

        assertThat(m.checkpoint(16_384)).isFalse(); // exactly a quarter

        assertThat(m.sizeBytes()).isEqualTo(65536);
        assertThat(m.shrinks()).isZero();
        assertThat(m.copiedBytes()).isZero();
    }

    @Test
    void checkpointShrinksOneHalvingPerVisitDownToInitial() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);
        m.push(0, 40_000); // 65536

        assertThat(m.checkpoint(100)).isTrue();
        assertThat(m.sizeBytes()).isEqualTo(32768);
        assertThat(m.checkpoint(100)).isTrue();
        assertThat(m.sizeBytes()).isEqualTo(16384);
        assertThat(m.checkpoint(100)).isTrue();
        assertThat(m.sizeBytes()).isEqualTo(8192);
        assertThat(m.checkpoint(100)).isFalse();
        assertThat(m.sizeBytes()).isEqualTo(8192);

        assertThat(m.shrinks()).isEqualTo(3);
        assertThat(m.copiedBytes()).isEqualTo(300);
        assertThat(m.growths()).isEqualTo(1);
    }

    @Test
    void growAndShrinkCopiesAccumulate() {
        GoStackModel m = new GoStackModel(8192, 896, MIB);
        m.push(7200, 100);          // -> 16384, copies 7200
        assertThat(m.checkpoint(4095)).isTrue(); // < 4096 -> 8192, copies 4095
        m.push(7200, 100);          // -> 16384 again, copies 7200

        assertThat(m.growths()).isEqualTo(2);
        assertThat(m.shrinks()).isEqualTo(1);
        assertThat(m.copiedBytes()).isEqualTo(7200 + 4095 + 7200);
        assertThat(m.sizeBytes()).isEqualTo(16384);
    }

    @Test
    void goPresetStartsAt2KiBWith928Guard() {
        GoStackModel m = new GoStackModel(GoStackParameters.GO, 1_000_000);

        assertThat(m.sizeBytes()).isEqualTo(2048);
        assertThat(m.guardBytes()).isEqualTo(928);
        assertThat(m.maxBytes()).isEqualTo(1_000_000);

        // 100k + 928 <= 2048 -> k <= 11; push 12 grows with 1100 bytes in use.
        List<Growth> growths = pushFrames(m, 100, 40);
        // size 4096: 100k <= 3168 -> k <= 31, push 32 grows with 3100 in use.
        assertThat(growths).containsExactly(new Growth(12, 1100, 4096), new Growth(32, 3100, 8192));
        assertThat(m.copiedBytes()).isEqualTo(1100 + 3100);
    }

    @Test
    void articlePresetUsesThreadCapacityAsMax() {
        GoStackModel m = new GoStackModel(GoStackParameters.ARTICLE, 100_000);

        assertThat(m.sizeBytes()).isEqualTo(8192);
        assertThat(m.guardBytes()).isEqualTo(896);
        assertThat(m.maxBytes()).isEqualTo(100_000);
    }

    @Test
    void explicitMaxOverridesThreadCapacity() {
        GoStackModel m = new GoStackModel(GoStackParameters.ARTICLE.withMax(MIB), 100_000);

        assertThat(m.maxBytes()).isEqualTo(MIB);
    }
}
