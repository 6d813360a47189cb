package io.stackwatch.agent.cli;

import io.stackwatch.agent.config.ConfigKey;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsEveryAgentArgumentWithItsDocLineAndDefault() {
        assertThat(run("help")).isZero();
        String help = out.toString(StandardCharsets.UTF_8);
        assertThat(ConfigKey.all()).hasSizeGreaterThanOrEqualTo(29);
        for (ConfigKey<?> key : ConfigKey.all()) {
            assertThat(help).as(key.key()).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(key.key()) + " +"
                    + java.util.regex.Pattern.quote(key.doc() + " (default: " + key.defaultText() + ")") + "$");
        }
        // The four the hand-written list used to miss.
        assertThat(help).contains("  native ", "  nativeReserve ", "  prometheus ", "  hostMetrics ");
    }

    @Test
    void noCommandIsHelpAndAnUnknownOneIsAUsageError() {
        assertThat(run()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("stackwatch: warns before a thread runs out of stack.");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("stackwatch: unknown command \"frobnicate\"");
    }
}
