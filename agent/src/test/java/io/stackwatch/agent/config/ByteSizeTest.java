package io.stackwatch.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSizeTest {

    @ParameterizedTest(name = "\"{0}\" is {1} bytes")
    @CsvSource({
            "896, 896",
            "0, 0",
            "8k, 8192",
            "8K, 8192",
            "512k, 524288",
            "4m, 4194304",
            "4M, 4194304",
            "1g, 1073741824",
            "1048576, 1048576",
            "' 64k ', 65536",
            "8kb, 8192",
            "4MB, 4194304",
    })
    void parsesPlainNumbersAndKMGSuffixesInAnyCase(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @Test
    void rejectsAPlainByteSuffixAfterDigitsLikeXss() {
        // -Xss1024b is rejected by the JVM too; only "kb", "mb", "gb" drop their trailing b.
        assertThat(ByteSize.parse("1024b")).isEqualTo(-1);
    }

    @ParameterizedTest(name = "\"{0}\" is not a size")
    @ValueSource(strings = {"", " ", "k", "kb", "b", "abc", "8x", "8 k", "-1", "+8k", "1.5m", "8kk", "0x10", "1t", "k8"})
    void rejectsGarbage(String text) {
        assertThat(ByteSize.parse(text)).isEqualTo(-1);
    }

    @ParameterizedTest(name = "\"{0}\" overflows")
    @ValueSource(strings = {"999999999999g", "9223372036854775807", "9223372036854775808", "99999999999999999999k"})
    void rejectsSizesThatDoNotFitInALong(String text) {
        assertThat(ByteSize.parse(text)).isEqualTo(-1);
    }

    @Test
    void acceptsTheLargestGigabyteCountThatFits() {
        long maxGiB = Long.MAX_VALUE / (1L << 30);
        assertThat(ByteSize.parse(maxGiB + "g")).isEqualTo(maxGiB << 30);
    }
}
