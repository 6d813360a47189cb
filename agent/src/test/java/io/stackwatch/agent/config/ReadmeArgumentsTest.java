package io.stackwatch.agent.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's table of agent arguments documents every key of {@link ConfigKey}, and no key that is not one. */
class ReadmeArgumentsTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|");

    @Test
    void theReadmesArgumentTableHasARowForEveryKeyAndNoStaleRow() throws IOException {
        List<String> documented = rows(readme());
        List<String> keys = new ArrayList<>();
        for (ConfigKey<?> k : ConfigKey.all()) {
            keys.add(k.key());
        }
        assertThat(documented).as("rows of the README's \"Agent arguments\" table").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(keys);
    }

    /** The first column of the table under "## Agent arguments", up to the next heading. */
    static List<String> rows(List<String> readme) {
        List<String> out = new ArrayList<>();
        boolean inSection = false;
        for (String line : readme) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Agent arguments");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inSection && m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static List<String> readme() throws IOException {
        for (Path p : new Path[]{Paths.get("README.md"), Paths.get("..", "README.md")}) {
            if (Files.isRegularFile(p) && Files.readString(p).contains("## Agent arguments")) {
                return Files.readAllLines(p);
            }
        }
        throw new AssertionError("README.md not found from " + Paths.get("").toAbsolutePath());
    }
}
