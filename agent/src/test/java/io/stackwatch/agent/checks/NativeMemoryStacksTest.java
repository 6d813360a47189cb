package io.stackwatch.agent.checks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Committed thread stacks from {@code VM.native_memory summary scale=b}, as JDK 17 and JDK 25 print it. */
class NativeMemoryStacksTest {

    @Test
    void readsTheCommittedStackBytesOfJdk17sSummary() {
        String jdk17 = "-                    Thread (reserved=19974504, committed=1010024)\n"
                + "                            (thread #19)\n"
                + "                            (stack: reserved=19922944, committed=958464)\n"
                + "                            (malloc=30728 #118) (peak=39112 #122) \n";
        assertThat(NativeMemoryStacks.parse(jdk17)).isEqualTo(958464);
    }

    @Test
    void readsTheCommittedStackBytesOfJdk25sSummaryWithItsPeak() {
        String jdk25 = "-                    Thread (reserved=18934584, committed=998200)\n"
                + "                            (threads #18)\n"
                + "                            (stack: reserved=18874368, committed=937984, peak=937984)\n";
        assertThat(NativeMemoryStacks.parse(jdk25)).isEqualTo(937984);
    }

    @Test
    void isUnknownWhenTheJvmDoesNotTrackNativeMemory() {
        assertThat(NativeMemoryStacks.parse("Native memory tracking is not enabled\n")).isEqualTo(-1);
    }
}
