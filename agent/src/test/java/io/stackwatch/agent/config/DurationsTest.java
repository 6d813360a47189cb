package io.stackwatch.agent.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @Test
    void parsesMillisecondsSecondsMinutesAndHoursWithBareNumbersAsSeconds() {
        assertThat(Durations.parseMillis("250ms")).isEqualTo(250);
        assertThat(Durations.parseMillis("30s")).isEqualTo(30_000);
        assertThat(Durations.parseMillis("5M")).isEqualTo(300_000);
        assertThat(Durations.parseMillis("1h")).isEqualTo(3_600_000);
        assertThat(Durations.parseMillis("7")).isEqualTo(7_000);
    }

    @Test
    void rejectsWhatIsNotAnInterval() {
        assertThat(Durations.parseMillis("")).isEqualTo(-1);
        assertThat(Durations.parseMillis("-5s")).isEqualTo(-1);
        assertThat(Durations.parseMillis("1.5s")).isEqualTo(-1);
        assertThat(Durations.parseMillis("soon")).isEqualTo(-1);
        assertThat(Durations.parseMillis("9999999999s")).isEqualTo(-1);
    }

    @Test
    void formatsTheShortestExactForm() {
        assertThat(Durations.format(250)).isEqualTo("250ms");
        assertThat(Durations.format(30_000)).isEqualTo("30s");
        assertThat(Durations.format(120_000)).isEqualTo("2m");
        assertThat(Durations.format(90_000)).isEqualTo("90s");
    }
}
