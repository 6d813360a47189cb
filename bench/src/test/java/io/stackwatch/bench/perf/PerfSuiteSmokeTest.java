package io.stackwatch.bench.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The performance suite's quick mode, as CI runs it: every benchmark and probe once, briefly, with
 * the built agent in real child JVMs. It checks that each part runs and reports; it asserts no timing.
 */
class PerfSuiteSmokeTest {

    @Test
    void everyPartOfTheSuiteRunsOnceAndReportsItsTable() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        new PerfSuite(true, out).run(List.of("overhead", "libraries", "startup", "classload", "memory", "depth"));

        String report = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertThat(report)
                // The tables name the mechanism the agent gave each walk, read from the classes it wrote.
                .contains("Per-call cost of a recursion, list walk")
                .contains("| agent: depth parameter |")
                .contains("| virtual cycle, agent: ")
                .containsPattern("\\| 100 \\| mean \\| [0-9.]+ \\| [0-9.]+x \\| - \\| - \\| [0-9.]+ \\| [0-9.]+x \\|")
                .contains("binary-tree walk")
                .containsPattern("\\| best \\| [0-9.]+ \\| [0-9.]+x \\| - \\| - \\|")
                .containsPattern("Real libraries .*jacksonTree=.*snakeyamlLoad=")
                .containsPattern("\\| [0-9]+ \\| [0-9]+ \\| [0-9]+ \\| [+-][0-9]+ ms .* \\| [+-][0-9]+ ms \\|")
                .contains("Loading every class of gson")
                .containsPattern("\\| [0-9,]+ platform \\| \\[-?[0-9]+\\] \\|")
                .containsPattern("\\| small \\| interpreted \\| platform \\| [0-9,]+ \\| [0-9,]+ \\| [0-9.]+ \\| depth parameter \\|")
                .containsPattern("\\| visitor \\| interpreted \\| platform \\| [0-9,]+ \\| [0-9,]+ \\| [0-9.]+ \\| [^|]*counting code[^|]* \\|");
    }
}
