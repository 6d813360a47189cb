package io.stackwatch.core.gomodel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GoStackParametersTest {

    @Test
    void articlePresetIs8KiBWith896Guard() {
        assertThat(GoStackParameters.ARTICLE.initialBytes()).isEqualTo(8192);
        assertThat(GoStackParameters.ARTICLE.guardBytes()).isEqualTo(896);
        assertThat(GoStackParameters.ARTICLE.maxBytes()).isZero();
    }

    @Test
    void goPresetIs2KiBWith928Guard() {
        assertThat(GoStackParameters.GO.initialBytes()).isEqualTo(2048);
        assertThat(GoStackParameters.GO.guardBytes()).isEqualTo(928);
        assertThat(GoStackParameters.GO.maxBytes()).isZero();
    }

    @Test
    void zeroMaxMeansThreadCapacity() {
        assertThat(GoStackParameters.ARTICLE.maxBytesFor(1_000_000)).isEqualTo(1_000_000);
    }

    @Test
    void maxForTinyThreadIsNeverBelowInitial() {
        assertThat(GoStackParameters.ARTICLE.maxBytesFor(100)).isEqualTo(8192);
    }

    @Test
    void explicitMaxIgnoresThreadCapacity() {
        GoStackParameters p = new GoStackParameters(8192, 896, 1_000_000_000L);

        assertThat(p.maxBytes()).isEqualTo(1_000_000_000L);
        assertThat(p.maxBytesFor(512 * 1024)).isEqualTo(1_000_000_000L);
    }

    @ParameterizedTest
    @ValueSource(longs = {3000, 8191, 8193, 12288, 0, -8192})
    void rejectsInitialThatIsNotAPowerOfTwo(long initial) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GoStackParameters(initial, 100, 0))
                .withMessageContaining("power of two");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 64, 256})
    void rejectsInitialBelow512(long initial) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GoStackParameters(initial, 0, 0))
                .withMessageContaining("at least 512");
    }

    @Test
    void accepts512AsSmallestInitial() {
        assertThat(new GoStackParameters(512, 0, 0).initialBytes()).isEqualTo(512);
    }

    @Test
    void rejectsGuardEqualToInitial() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GoStackParameters(8192, 8192, 0))
                .withMessageContaining("guard");
    }

    @Test
    void rejectsGuardAboveInitial() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GoStackParameters(2048, 4096, 0));
    }

    @Test
    void rejectsNegativeGuard() {
        assertThatIllegalArgumentException().isThrownBy(() -> new GoStackParameters(8192, -1, 0));
    }

    @Test
    void acceptsGuardJustBelowInitialAndZeroGuard() {
        assertThat(new GoStackParameters(8192, 8191, 0).guardBytes()).isEqualTo(8191);
        assertThat(new GoStackParameters(8192, 0, 0).guardBytes()).isZero();
    }

    @Test
    void rejectsMaxBelowInitial() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new GoStackParameters(8192, 896, 4096))
                .withMessageContaining("maximum");
    }

    @Test
    void acceptsMaxEqualToInitialAndNonPowerOfTwoMax() {
        assertThat(new GoStackParameters(8192, 896, 8192).maxBytes()).isEqualTo(8192);
        assertThat(new GoStackParameters(8192, 896, 100_000).maxBytes()).isEqualTo(100_000);
    }

    @Test
    void withersReplaceOneFieldAndValidate() {
        GoStackParameters p = GoStackParameters.ARTICLE.withInitial(16384).withGuard(1000).withMax(1 << 20);

        assertThat(p.initialBytes()).isEqualTo(16384);
        assertThat(p.guardBytes()).isEqualTo(1000);
        assertThat(p.maxBytes()).isEqualTo(1 << 20);
        assertThat(GoStackParameters.ARTICLE.initialBytes()).as("presets are immutable").isEqualTo(8192);

        assertThatIllegalArgumentException().isThrownBy(() -> GoStackParameters.GO.withGuard(2048));
        assertThatIllegalArgumentException().isThrownBy(() -> GoStackParameters.ARTICLE.withInitial(10_000));
        assertThatIllegalArgumentException().isThrownBy(() -> GoStackParameters.ARTICLE.withMax(1024));
    }

    @Test
    void describesItself() {
        assertThat(GoStackParameters.ARTICLE).hasToString("initial=8192B guard=896B max=capacity");
        assertThat(GoStackParameters.GO.withMax(1_000_000_000L))
                .hasToString("initial=2048B guard=928B max=1000000000B");
    }
}
